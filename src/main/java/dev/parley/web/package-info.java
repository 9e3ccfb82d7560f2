/** HTTP concerns shared by every surface: the request size limit and the public URL providers call back to. */
package dev.parley.web;
