/** The benchmark (run by bench/run, never by mvn verify): Parley against the raw SQL and raw HTTP ceilings of the same machine. */
package dev.parley.bench;
