package io.siyu.segment;

import java.util.List;

import io.siyu.customer.CustomerSummary;

/**
 * What a condition selects within the caller's data scope: how many, a sample, its text and JSON forms, and how long
 * the engine took (ms).
 */
public record Preview(long count, List<CustomerSummary> sample, String text, Object json, double millis) {
}
