/** SMS: the Twilio adapter and the simulator, Twilio's webhooks and signatures, opt-out keywords, and segment counting. */
@org.springframework.modulith.NamedInterface("sms")
package dev.parley.delivery.sms;
