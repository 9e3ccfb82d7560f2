/** Reusable message texts, kept in the order staff arrange them, with when each was last used. */
package dev.parley.templates;
