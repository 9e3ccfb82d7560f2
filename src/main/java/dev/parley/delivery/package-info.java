/** Sending: checks a send, records the message with its delivery in one transaction, and tracks its status. */
package dev.parley.delivery;
