package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.CloseCalls.Reading;
import java.util.List;

/**
 * Whether the reading that likeness would take of a close call writes anew a line that another close reading matches
 * (docs/morph.md, "Eighteenth pass (c)"). A changed line standing where a line it resembles is deleted is evidence of
 * where a run goes; a line of the run found as it is, the original's only copy, is stronger evidence of another place.
 * When the two disagree, likeness does not settle the call: {@code downstream.onNext(t);} resembles {@code
 * downstream.onError(t);}, but where the file has {@code downstream.onNext(t);} itself, the run that shows it belongs
 * there.
 */
final class ExactMatchElsewhere {

    private ExactMatchElsewhere() {
    }

    /**
     * Whether {@code taken} writes anew a line of run r that has a letter or digit and occurs exactly once in the
     * original, while another of the close {@code readings} matches that line.
     */
    static boolean contradicts(int r, Segment run, Reading taken, List<Reading> readings, Occurrences occurrences,
                               List<String> updateLines, WorkMeter meter) {
        int[] takenMatches = taken.windows()[r].matches();
        meter.add((long) readings.size() * run.length());
        for (int i = 0; i < run.length(); i++) {
            int key = run.keys()[i];
            if (takenMatches[i] >= 0 || key == LineKeys.BLANK || occurrences.count(key) != 1
                    || updateLines.get(run.updateStart() + i).chars().noneMatch(Character::isLetterOrDigit)) {
                continue;
            }
            for (Reading other : readings) {
                if (other != taken && other.windows()[r].matches()[i] >= 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
