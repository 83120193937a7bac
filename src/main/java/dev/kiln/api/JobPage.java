package dev.kiln.api;

import java.util.List;

/**
 * One page of a job listing, newest first.
 *
 * @param next the cursor of the following page, null on the last one
 */
public record JobPage(List<JobView> items, String next) {}
