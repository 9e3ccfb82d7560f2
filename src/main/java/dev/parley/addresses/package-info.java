/** Phone numbers in E.164 and email addresses: the values every channel, contact and location is reached by. */
package dev.parley.addresses;
