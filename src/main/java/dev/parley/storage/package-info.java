/**
 * Where Parley's data lives (an embedded PostgreSQL by default, or the server that {@code spring.datasource.url}
 * names), and the means every feature shares to read it and to forget what it no longer needs.
 */
package dev.parley.storage;
