package dev.capstan.benchmarks;

import dev.capstan.benchmarks.InformerSync.Run;
import dev.capstan.benchmarks.InformerSync.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The markdown section and the JSON figures of {@link InformerSync}: one table per data set,
 * ratios to fabric8 and to the raw floor, and a verdict on each of issue 5's goals.
 */
final class InformerSyncReport {
    private InformerSyncReport() {}

    static String markdown(Map<SyncDataset, Map<String, Samples>> samples, Map<SyncDataset, SyncData.Loaded> loaded,
                           List<String> subjects, int runs, String childJvm, int concurrency, double loadAtStart, String kubernetesVersion) {
        StringBuilder md = new StringBuilder();
        String load = loadAtStart < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", loadAtStart);
        md.append("Produced by `").append(Reports.COMMAND).append("` (`InformerSync");
        for (SyncDataset dataset : SyncDataset.values()) {
            md.append(" --").append(dataset.plural()).append(' ').append(loaded.containsKey(dataset) ? loaded.get(dataset).objects() : 0);
        }
        md.append(" --runs ").append(runs).append("`, child JVM flags `").append(childJvm).append("`) on ")
                .append(Reports.jdkDescription()).append(", ").append(Reports.today()).append(", ").append(Reports.machine())
                .append(" (").append(load).append(" at its start). Control plane: etcd and kube-apiserver ").append(kubernetesVersion)
                .append(" (`LocalControlPlane`, no controllers, default flags) on the same machine. Median of ").append(runs)
                .append(" runs; each run of each subject is a fresh JVM that syncs once, cold (class loading and JIT compilation fall ")
                .append("inside the measurement), and the order of subjects rotates from run to run. ")
                .append("Ratios are the subject's median over fabric8's or over the raw floor's: below 1.00× is faster or smaller.\n\n");

        for (Map.Entry<SyncDataset, Map<String, Samples>> entry : samples.entrySet()) {
            SyncDataset dataset = entry.getKey();
            SyncData.Loaded data = loaded.get(dataset);
            Map<String, Samples> bySubject = entry.getValue();
            md.append(String.format(Locale.ROOT, "**%s %s**: a full list is %.1f MB of JSON (%,.0f bytes per object, of which "
                            + "managedFields %.0f%%, %.1f entries per object); loading them took %.1f s (%,d writes, %,.0f/s, %d in flight).%n%n",
                    Reports.grouped(data.objects()), dataset.title(), data.listBytes() / 1e6, data.bytesPerObject(),
                    100 * data.managedFieldsShare(), data.meanManagedFieldsEntries(), data.seconds(), data.requests(),
                    data.requests() / data.seconds(), concurrency));
            Samples fabric8 = bySubject.get(InformerSync.FABRIC8);
            Samples floor = bySubject.get(InformerSync.RAW_FLOOR);
            List<List<String>> rows = new ArrayList<>();
            for (String subject : subjects) {
                Samples s = bySubject.get(subject);
                rows.add(List.of("`" + subject + "`",
                        String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", s.syncSeconds(), s.minSyncSeconds(), s.maxSyncSeconds()),
                        fabric8 == null ? "–" : Reports.times(s.syncSeconds() / fabric8.syncSeconds()),
                        floor == null ? "–" : Reports.times(s.syncSeconds() / floor.syncSeconds()),
                        String.format(Locale.ROOT, "%.2f", s.median(Run::cpuNanos) / 1e9),
                        s.median(Run::apiServerCpuNanos) < 0 ? "–" : String.format(Locale.ROOT, "%.2f", s.median(Run::apiServerCpuNanos) / 1e9),
                        String.format(Locale.ROOT, "%,.0f", s.median(Run::allocatedBytes) / 1e6),
                        s.caches() ? Reports.grouped(Math.round(s.retainedPerObject())) : "–",
                        s.caches() && fabric8 != null ? Reports.times(s.retainedPerObject() / fabric8.retainedPerObject()) : "–",
                        String.format(Locale.ROOT, "%,.0f", s.median(Run::peakUsedBytes) / 1e6),
                        s.median(Run::peakAfterGcBytes) < 0 ? "–" : String.format(Locale.ROOT, "%,.0f", s.median(Run::peakAfterGcBytes) / 1e6)));
            }
            md.append(Reports.table(List.of("subject", "time to synced, s: median (min–max)", "time vs fabric8", "time vs raw floor",
                    "client CPU, s", "kube-apiserver CPU, s", "allocated, MB", "retained, bytes/object", "retained vs fabric8", "peak heap, MB",
                    "peak heap after GC, MB"), 1, rows));
            md.append('\n');
        }

        md.append(goal("time to synced ≤ " + times(InformerSync.GOAL_TIME_VS_FABRIC8) + " fabric8's", samples,
                InformerSync.FABRIC8, InformerSync.GOAL_TIME_VS_FABRIC8, Samples::syncSeconds));
        md.append(goal("time to synced ≤ " + times(InformerSync.GOAL_TIME_VS_FLOOR) + " the raw floor's", samples,
                InformerSync.RAW_FLOOR, InformerSync.GOAL_TIME_VS_FLOOR, Samples::syncSeconds));
        md.append(goal("retained heap per object ≤ " + times(InformerSync.GOAL_RETAINED_VS_FABRIC8) + " fabric8's", samples,
                InformerSync.FABRIC8, InformerSync.GOAL_RETAINED_VS_FABRIC8, Samples::retainedPerObject)).append('\n');

        md.append("How each subject listed, and when its handler had seen every object (median, s after start):");
        for (Map.Entry<SyncDataset, Map<String, Samples>> entry : samples.entrySet()) {
            for (Map.Entry<String, Samples> subject : entry.getValue().entrySet()) {
                List<Run> runsOfSubject = subject.getValue().runs();
                String detail = runsOfSubject.get(runsOfSubject.size() - 1).detail();
                md.append(String.format(Locale.ROOT, " `%s` on %s: %s%shandler %.2f s;", subject.getKey(), entry.getKey().plural(),
                        detail, detail.isEmpty() ? "" : ", ", subject.getValue().median(Run::handlerNanos) / 1e9));
            }
        }
        md.setLength(md.length() - 1);
        md.append(".\n");
        return md.toString();
    }

    /** The verdict on one goal: {@code capstan}'s figure over the reference subject's at most {@code bound}, on every data set. */
    private static String goal(String what, Map<SyncDataset, Map<String, Samples>> samples, String reference, double bound,
                               ToDoubleFunction<Samples> figure) {
        List<String> ratios = new ArrayList<>();
        boolean met = true;
        for (Map.Entry<SyncDataset, Map<String, Samples>> entry : samples.entrySet()) {
            Samples capstan = entry.getValue().get("capstan");
            Samples other = entry.getValue().get(reference);
            if (capstan == null || other == null) {
                return "- Goal " + what + ": not judged (`capstan` or `" + reference + "` was not measured).\n";
            }
            double ratio = figure.applyAsDouble(capstan) / figure.applyAsDouble(other);
            met &= ratio <= bound;
            ratios.add(entry.getKey().title() + " " + Reports.times(ratio));
        }
        return "- Goal " + what + ": " + (met ? "**met**" : "**not met**") + " (`capstan` " + String.join(", ", ratios) + ").\n";
    }

    private static String times(double ratio) {
        return Reports.times(ratio);
    }

    static List<Reports.Figure> figures(Map<SyncDataset, Map<String, Samples>> samples, Map<SyncDataset, SyncData.Loaded> loaded) {
        String benchmark = InformerSync.BENCHMARK;
        List<Reports.Figure> figures = new ArrayList<>();
        for (Map.Entry<SyncDataset, Map<String, Samples>> entry : samples.entrySet()) {
            String d = entry.getKey().plural();
            SyncData.Loaded data = loaded.get(entry.getKey());
            figures.add(new Reports.Figure(benchmark, "fixture", d + "-objects", (long) data.objects(), "objects"));
            figures.add(new Reports.Figure(benchmark, "fixture", d + "-list-bytes", data.listBytes(), "bytes"));
            figures.add(new Reports.Figure(benchmark, "fixture", d + "-managed-fields-share", Reports.round(data.managedFieldsShare(), 3), "ratio"));
            figures.add(new Reports.Figure(benchmark, "fixture", d + "-load-seconds", Reports.round(data.seconds(), 1), "s"));
            Samples fabric8 = entry.getValue().get(InformerSync.FABRIC8);
            Samples floor = entry.getValue().get(InformerSync.RAW_FLOOR);
            for (Map.Entry<String, Samples> subject : entry.getValue().entrySet()) {
                String name = subject.getKey();
                Samples s = subject.getValue();
                figures.add(new Reports.Figure(benchmark, name, d + "-sync-ms", Reports.round(s.syncSeconds() * 1000, 1), "ms"));
                figures.add(new Reports.Figure(benchmark, name, d + "-sync-ms-min", Reports.round(s.minSyncSeconds() * 1000, 1), "ms"));
                figures.add(new Reports.Figure(benchmark, name, d + "-sync-ms-max", Reports.round(s.maxSyncSeconds() * 1000, 1), "ms"));
                figures.add(new Reports.Figure(benchmark, name, d + "-handler-ms", Reports.round(s.median(Run::handlerNanos) / 1e6, 1), "ms"));
                figures.add(new Reports.Figure(benchmark, name, d + "-cpu-ms", Reports.round(s.median(Run::cpuNanos) / 1e6, 1), "ms"));
                figures.add(new Reports.Figure(benchmark, name, d + "-apiserver-cpu-ms", Reports.round(s.median(Run::apiServerCpuNanos) / 1e6, 1), "ms"));
                figures.add(new Reports.Figure(benchmark, name, d + "-etcd-cpu-ms", Reports.round(s.median(Run::etcdCpuNanos) / 1e6, 1), "ms"));
                figures.add(new Reports.Figure(benchmark, name, d + "-allocated-bytes", Math.round(s.median(Run::allocatedBytes)), "bytes"));
                figures.add(new Reports.Figure(benchmark, name, d + "-peak-heap-bytes", Math.round(s.median(Run::peakUsedBytes)), "bytes"));
                figures.add(new Reports.Figure(benchmark, name, d + "-peak-heap-after-gc-bytes", Math.round(s.median(Run::peakAfterGcBytes)), "bytes"));
                if (s.caches()) {
                    figures.add(new Reports.Figure(benchmark, name, d + "-retained-bytes-per-object", Math.round(s.retainedPerObject()), "bytes"));
                    if (fabric8 != null) {
                        figures.add(new Reports.Figure(benchmark, name, d + "-retained-ratio-to-fabric8",
                                Reports.round(s.retainedPerObject() / fabric8.retainedPerObject(), 3), "ratio"));
                    }
                }
                if (fabric8 != null) {
                    figures.add(new Reports.Figure(benchmark, name, d + "-sync-ratio-to-fabric8",
                            Reports.round(s.syncSeconds() / fabric8.syncSeconds(), 3), "ratio"));
                }
                if (floor != null) {
                    figures.add(new Reports.Figure(benchmark, name, d + "-sync-ratio-to-raw-floor",
                            Reports.round(s.syncSeconds() / floor.syncSeconds(), 3), "ratio"));
                }
            }
        }
        return figures;
    }
}
