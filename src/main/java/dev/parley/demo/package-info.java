/** Demo data: with {@code --parley.demo=true}, a vet clinic with clients, pets and conversations to look at. */
package dev.parley.demo;
