/** The vet portal partner API ({@code /partners}): clients by last SMS, SMS history, communications, unread counts. */
package dev.parley.dialects.vetportal;
