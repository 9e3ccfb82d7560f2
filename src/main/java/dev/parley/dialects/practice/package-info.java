/** The practice API's {@code GET /conversations}: a location's conversations with patients, paged by number, with messages. */
package dev.parley.dialects.practice;
