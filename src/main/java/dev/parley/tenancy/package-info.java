/** Tenants, their locations and staff, API tokens with scopes, and who is calling: the ground every other module stands on. */
package dev.parley.tenancy;
