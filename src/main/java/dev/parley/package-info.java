/** Parley, a two-way SMS and email communications hub for practices and their clients. */
package dev.parley;
