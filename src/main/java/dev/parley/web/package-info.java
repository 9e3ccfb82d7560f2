/**
 * HTTP concerns shared by every surface: the connector, the request size limit, input PostgreSQL cannot store, how
 * many requests run at once, the order in which requests find their controllers, and the public URL providers call
 * back to.
 */
package dev.parley.web;
