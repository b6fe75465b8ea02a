package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.delivery.BounceMailbox;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tidings bounce poll}: read the bounce mailbox once (serve does it on a schedule). */
@Command(name = "bounce", description = "Read bounce reports.")
final class BounceCommand {
  private final AppContext context;

  BounceCommand(AppContext context) {
    this.context = context;
  }

  @Command(name = "poll", description = "Read the bounce mailbox now and record its reports.")
  void poll(@Option(names = "--json") boolean json) {
    BounceMailbox mailbox =
        context
            .tidings()
            .bounceMailbox()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "TIDINGS_BOUNCE_HOST",
                        "no bounce mailbox configured: set TIDINGS_BOUNCE_HOST (and _USER, _PASSWORD)"));
    BounceMailbox.Poll poll = mailbox.poll();
    if (json) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("hard", poll.hard());
      view.put("soft", poll.soft());
      view.put("already_counted", poll.alreadyCounted());
      view.put("unverified", poll.unverified());
      view.put("not_bounces", poll.notBounces());
      context.printJson(view);
    } else {
      context
          .out()
          .printf(
              "%d hard, %d soft bounce(s) recorded; %d already counted; left in the mailbox:"
                  + " %d report(s) naming no signed delivery (not counted), %d other"
                  + " message(s)%n",
              poll.hard(),
              poll.soft(),
              poll.alreadyCounted(),
              poll.unverified(),
              poll.notBounces());
    }
  }
}
