/** HTTP concerns shared by every surface: the request size limit. */
package dev.parley.web;
