/** The CareHQ messages API ({@code /v1/messages}): signed requests, filters, projection, sorting and pages over Parley's messages. */
package dev.parley.dialects.carehq;
