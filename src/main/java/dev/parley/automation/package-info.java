/** Automation in conversations (text bots, keyword and after-hours replies) and the record of each run. */
package dev.parley.automation;
