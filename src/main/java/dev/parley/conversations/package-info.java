/** Conversations and their messages: the timeline, read state, awaiting-reply, and the counters that lists show. */
package dev.parley.conversations;
