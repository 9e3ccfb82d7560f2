package dev.parley.tenancy;

/** The operator of a Parley installation, who creates tenants and their first tokens. */
public record Operator() {}
