"""Business metrics of the newsletter service (aktiv_newsletter_*)."""

from prometheus_client import Counter, Gauge

MAILS = Counter("aktiv_newsletter_mails_total", "Mails handled by the sending engine by outcome",
                ["kind", "outcome"])
QUEUE = Gauge("aktiv_newsletter_queue", "Send log rows by status", ["status"], multiprocess_mode="livemax")
RATE = Gauge("aktiv_newsletter_send_rate", "Mails per second over the last interval", multiprocess_mode="livemax")
ISSUE_PROGRESS = Gauge("aktiv_newsletter_issue_progress_ratio", "Share of recipients done of the issue being sent",
                       ["issue"], multiprocess_mode="livemax")
SUBSCRIBERS = Gauge("aktiv_newsletter_subscribers", "Subscribers by state", ["status"], multiprocess_mode="livemax")
BOUNCES = Counter("aktiv_newsletter_bounces_total", "Bounces recorded", ["kind"])
