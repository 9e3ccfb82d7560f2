package dev.parley.tenancy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link Caller} parameter of a surface that acts as one location (the PurePhone endpoint, whose phone
 * is one site's). Only there may a token bound to a location be used: every other surface reads and sends for the
 * whole tenant, and would otherwise give a token meant for one front desk every location's conversations.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface ActsAsOneLocation {}
