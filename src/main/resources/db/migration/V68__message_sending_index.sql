-- Messages a provider took but has not reported on since, for the chore that asks the provider when its status
-- callback never came (dev.parley.delivery.sms.TwilioStatusPoll). It reads across tenants, oldest first, so this
-- index leads with the time rather than the tenant; it holds only the messages in flight, a handful at any time.
CREATE INDEX message_sending_since_idx ON message (updated_at) WHERE status = 'sending';
