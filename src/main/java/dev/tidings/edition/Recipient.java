package dev.tidings.edition;

/** Who a personal message is for, with the signed links that belong to them. */
public record Recipient(
    long subscriberId,
    String email,
    String name,
    String unsubscribeUrl,
    String preferencesUrl,
    String viewUrl) {}
