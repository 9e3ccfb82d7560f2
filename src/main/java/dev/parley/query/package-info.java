/** The neutral query model (filter trees, orderings), the OData parser that builds it, and its translation to SQL over allow-listed fields. */
package dev.parley.query;
