/** The MedChat SMS chats API ({@code /smschatapi/external/orgs/{orgId}}): chats with an OData subset, and sending. */
package dev.parley.dialects.medchat;
