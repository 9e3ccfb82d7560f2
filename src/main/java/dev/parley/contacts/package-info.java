/** The people a practice talks to: clients, patients, care seekers and their family, with phones, emails, pets and consent. */
package dev.parley.contacts;
