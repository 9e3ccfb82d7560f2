/** The five seed APIs, each served exactly as documented as a dialect over the core; no dialect owns data. */
package dev.parley.dialects;
