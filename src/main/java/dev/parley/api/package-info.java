/** The native REST API under /api/v1: JSON with snake_case fields, RFC 9457 problem details, described by OpenAPI. */
package dev.parley.api;
