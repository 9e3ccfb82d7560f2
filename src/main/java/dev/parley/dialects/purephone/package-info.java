/**
 * The PurePhone messages endpoint (8): threads, messages, drafts and templates in the phone's JSON
 * envelopes, over HTTP ({@code POST /api/pure}), a WebSocket ({@code /api/pure/ws}) and the phone's own
 * length-prefixed TCP framing.
 */
package dev.parley.dialects.purephone;
