/** Where Parley's data lives: an embedded PostgreSQL by default, or the server that {@code spring.datasource.url} names. */
package dev.parley.storage;
