package io.codingit.morph;

/**
 * One run of concrete lines of the update and the span of the original it replaced.
 * Lines are 0-based, end-exclusive; an empty original span means the run was inserted.
 */
public record PlacedRegion(int updateStart, int updateEnd, int originalStart, int originalEnd) {
}
