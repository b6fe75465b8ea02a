-- name: insert-newsletter
INSERT INTO newsletters (slug, name, cron, time_zone, sender_email, sender_name, reply_to,
  subject_template, template_set, min_articles, max_articles, max_article_age_hours, enabled,
  created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: update-newsletter
UPDATE newsletters SET name = ?, cron = ?, time_zone = ?, sender_email = ?, sender_name = ?,
  reply_to = ?, subject_template = ?, template_set = ?, min_articles = ?, max_articles = ?,
  max_article_age_hours = ?, enabled = ?, updated_at = ?
WHERE id = ?;

-- name: newsletter-by-slug
SELECT * FROM newsletters WHERE slug = ?;

-- name: newsletter-by-id
SELECT * FROM newsletters WHERE id = ?;

-- name: list-newsletters
SELECT * FROM newsletters ORDER BY slug;

-- name: count-active-subscriptions
-- Counted per newsletter for `newsletter list`; served by ix_subscriptions_newsletter.
SELECT newsletter_id, COUNT(*) FROM subscriptions WHERE status = 'active' GROUP BY newsletter_id;

-- name: set-newsletter-look
-- Kept apart from insert/update-newsletter so the look can change on its own (newsletter style).
UPDATE newsletters SET logo_url = ?, accent_color = ?, locale = ?, updated_at = ? WHERE id = ?;
