/**
 * The SQL endpoint: one long-running Spark application over the lake's catalog that analysts' tools connect to, through
 * Spark's own Thrift (HiveServer2) and Spark Connect servers, every session read-only.
 */
package io.tradecredit.serve;
