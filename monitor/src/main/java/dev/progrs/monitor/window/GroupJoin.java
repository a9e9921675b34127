package dev.progrs.monitor.window;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the two input streams by group id.
 *
 * <p>How the two views are combined: the <em>group</em> is the unit of every window, and a group
 * exists for the monitor once its {@code GroupAdvantages} record arrived (the centering stage has
 * decided which samples belong to it). Group-level signals (zero-variance share, dominance
 * violations, policy-version spread, advantages of incorrect samples) come from that record;
 * sample-level signals (accuracy, process score by outcome, AUROC, coherence C_W, response length,
 * staleness lag, the gold-checked signals) come from the {@code ScoredTrajectory} records of the
 * same group id and sample indices. The join is symmetric because the two topics are fetched independently (a consumer
 * reading both from the beginning may see a group's advantages before its scored samples):
 * <ul>
 *   <li>a group is emitted as soon as its advantages record and a scored record for every one of
 *       its samples are present;</li>
 *   <li>an advantages record that waited while {@code graceGroups} later advantages records arrived
 *       is emitted anyway; samples without a scored record are rebuilt from their
 *       {@code SampleAdvantage} (outcome, b, length, version; no coherence, step confidences or gold
 *       verdict) and counted;</li>
 *   <li>scored samples whose group never gets an advantages record are dropped, oldest first, when
 *       more than {@code maxPendingGroups} groups are pending, and counted
 *       ({@link #unjoinedSamples()});</li>
 *   <li>{@link #flush()} (end of a bounded read) emits every group that has its advantages record;</li>
 *   <li>after {@link #waitForWatermark()}, the count-based grace is replaced by {@link #expire}: a
 *       group waits until every partition being read has passed its event time.</li>
 * </ul>
 * Not thread-safe; one instance per monitor loop.
 */
public final class GroupJoin {
    private final int graceGroups;
    private final int maxPendingGroups;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    /** Advantages arrivals in order, for the grace check in O(1) amortised per group. */
    private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();
    private boolean graceByCount = true;
    private long groupsArrived;
    private long unjoinedSamples;
    private long duplicateSamples;
    private long samplesFromAdvantages;

    private record Arrival(String groupId, long arrivedAt) {
    }

    private static final class Pending {
        GroupObservation group;
        long arrivedAt;
        final TreeMap<Integer, SampleObservation> samples = new TreeMap<>();
    }

    /**
     * @param graceGroups      how many later advantages records a group waits for missing scored samples (≥ 0)
     * @param maxPendingGroups bound of the join buffer, in groups (≥ 1)
     */
    public GroupJoin(int graceGroups, int maxPendingGroups) {
        if (graceGroups < 0) {
            throw new IllegalArgumentException("graceGroups must be >= 0, got " + graceGroups);
        }
        if (maxPendingGroups < 1) {
            throw new IllegalArgumentException("maxPendingGroups must be >= 1, got " + maxPendingGroups);
        }
        this.graceGroups = graceGroups;
        this.maxPendingGroups = maxPendingGroups;
    }

    /** Adds one scored sample; returns the groups that became complete (zero or one, plus evictions). */
    public List<JoinedGroup> onSample(SampleObservation sample) {
        List<JoinedGroup> out = new ArrayList<>(1);
        Pending p = pending.computeIfAbsent(sample.groupId(), k -> new Pending());
        if (p.samples.putIfAbsent(sample.sampleIndex(), sample) != null) {
            duplicateSamples++;
        }
        if (p.group != null && complete(p)) {
            pending.remove(sample.groupId());
            out.add(join(p));
        }
        evictOverflow(out);
        return out;
    }

    /** Adds one advantages record; returns the groups that became complete or waited past the grace. */
    public List<JoinedGroup> onGroup(GroupObservation group) {
        List<JoinedGroup> out = new ArrayList<>(1);
        groupsArrived++;
        Pending p = pending.computeIfAbsent(group.groupId(), k -> new Pending());
        p.group = group;
        p.arrivedAt = groupsArrived;
        if (complete(p)) {
            pending.remove(group.groupId());
            out.add(join(p));
        } else if (graceByCount) {
            arrivals.addLast(new Arrival(group.groupId(), groupsArrived));
        }
        while (!arrivals.isEmpty() && groupsArrived - arrivals.peekFirst().arrivedAt() > graceGroups) {
            Arrival a = arrivals.removeFirst();
            Pending q = pending.get(a.groupId());
            if (q != null && q.group != null && q.arrivedAt == a.arrivedAt()) {
                pending.remove(a.groupId());
                out.add(join(q));
            }
        }
        evictOverflow(out);
        return out;
    }

    /**
     * Switches from the count-based grace to an event-time one: a group waits for its scored samples
     * until {@link #expire} is called with a watermark at or past its event time. For bounded reads
     * of a stored history, where one topic may be read far ahead of the other.
     */
    public void waitForWatermark() {
        graceByCount = false;
        arrivals.clear();
    }

    /** Emits every pending group with an advantages record and event time ≤ {@code watermarkMs}. */
    public List<JoinedGroup> expire(long watermarkMs) {
        List<JoinedGroup> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending q = it.next().getValue();
            if (q.group != null && q.group.eventTimeMs() <= watermarkMs) {
                it.remove();
                out.add(join(q));
            }
        }
        return out;
    }

    /** Emits every pending group that has its advantages record; drops (and counts) the others. */
    public List<JoinedGroup> flush() {
        List<JoinedGroup> out = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.group != null) {
                out.add(join(p));
            } else {
                unjoinedSamples += p.samples.size();
            }
        }
        pending.clear();
        return out;
    }

    /** @return scored samples dropped because their group's advantages record never came */
    public long unjoinedSamples() {
        return unjoinedSamples;
    }

    /** @return scored records seen twice for the same (group, sample index); the first one is kept */
    public long duplicateSamples() {
        return duplicateSamples;
    }

    /** @return samples of emitted groups that had no scored record and were rebuilt from the advantages */
    public long samplesFromAdvantages() {
        return samplesFromAdvantages;
    }

    /** @return groups currently waiting in the buffer */
    public int pendingGroups() {
        return pending.size();
    }

    private static boolean complete(Pending p) {
        for (GroupObservation.SampleAdvantageView s : p.group.samples()) {
            if (!p.samples.containsKey(s.sampleIndex())) {
                return false;
            }
        }
        return true;
    }

    private JoinedGroup join(Pending p) {
        List<SampleObservation> samples = new ArrayList<>(p.group.samples().size());
        int rebuilt = 0;
        for (GroupObservation.SampleAdvantageView s : p.group.samples()) {
            SampleObservation scored = p.samples.get(s.sampleIndex());
            if (scored == null) {
                rebuilt++;
                scored = new SampleObservation(p.group.groupId(), s.sampleIndex(), s.outcome(), s.processScore(),
                        Map.of(), s.responseLength(), s.policyVersion(), s.eventTimeMs());
            }
            samples.add(scored);
        }
        samplesFromAdvantages += rebuilt;
        return new JoinedGroup(p.group, samples, rebuilt);
    }

    private void evictOverflow(List<JoinedGroup> out) {
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
             pending.size() > maxPendingGroups && it.hasNext(); ) {
            Pending p = it.next().getValue();
            it.remove();
            if (p.group != null) {
                out.add(join(p));
            } else {
                unjoinedSamples += p.samples.size();
            }
        }
    }
}
