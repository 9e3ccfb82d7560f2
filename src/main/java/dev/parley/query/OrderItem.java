package dev.parley.query;

/** One key of an ordering: a property, ascending or descending. */
public record OrderItem(String property, boolean descending, int position) {}
