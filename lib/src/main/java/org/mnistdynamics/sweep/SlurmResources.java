package org.mnistdynamics.sweep;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each Slurm array task of a sweep asks for, and how many tasks run at once.
 *
 * <p>Defaults ({@link #DEFAULT_MEMORY}, {@link #DEFAULT_TIME}) come from this project's measured runs (README
 * "Memory" and "GPU and clusters"): a full 20-epoch run peaked at 2.3 GB resident ({@code /usr/bin/time -v}), so a
 * task asks for 3 GiB, the same room {@link WorkerLayout#MEMORY_PER_WORKER} plans for a local worker; the committed
 * records of full 20-epoch runs at 1 thread (each run record's {@code provenance.json}, {@code wallSeconds}) took
 * 17-56 min each with two runs side by side on the 2 cores of this project's machine (the spread is the load beside
 * them), so a task asks for 2 hours, about twice the slowest measured run (a task that runs out of time resumes
 * from its last checkpoint when the sweep is submitted again).
 *
 * @param partition   Slurm partition, or null for the cluster's default partition
 * @param cpusPerTask CPUs per task ({@code --cpus-per-task}), 1 .. 1024, at least {@code threads}
 * @param memoryMib   memory per task ({@code --mem}), MiB, at least 1
 * @param time        wall-time limit per task ({@code --time}), at least 1 minute, whole seconds
 * @param throttle    array tasks running at once ({@code --array=0-K%M}), 1 .. 100,000, or null for all at once
 * @param threads     ND4J/OpenMP/BLAS threads of each task's run (the runs' thread count), 1 .. 256
 */
public record SlurmResources(String partition, int cpusPerTask, long memoryMib, Duration time, Integer throttle, int threads) {

    /** Default memory per task, {@code --mem}: 3 GiB (a full run's measured peak, 2.3 GB resident, with room). */
    public static final String DEFAULT_MEMORY = "3G";
    /** Default time limit per task, {@code --time}: 2 hours (twice the slowest measured full run, 53 min). */
    public static final String DEFAULT_TIME = "2:00:00";

    private static final Pattern MEMORY = Pattern.compile("(\\d{1,12})([KMGT]?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** @throws IllegalArgumentException naming the flag, the value and what is allowed */
    public SlurmResources {
        if (partition != null && !PARTITION.matcher(partition).matches()) {
            throw new IllegalArgumentException("--partition = '" + partition + "' is not a partition name (letters, digits, "
                    + "'_', '.', '-'; at most 64 characters)");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads = " + threads + " is outside the allowed range 1..256");
        }
        if (cpusPerTask < 1 || cpusPerTask > 1024) {
            throw new IllegalArgumentException("--cpus-per-task = " + cpusPerTask + " is outside the allowed range 1..1024");
        }
        if (cpusPerTask < threads) {
            throw new IllegalArgumentException("--cpus-per-task = " + cpusPerTask + " is less than the runs' " + threads
                    + " threads; give each task at least as many CPUs as threads");
        }
        if (memoryMib < 1) {
            throw new IllegalArgumentException("--mem = " + memoryMib + "M: a task needs at least 1M");
        }
        if (time == null || time.compareTo(Duration.ofMinutes(1)) < 0 || time.getNano() != 0) {
            throw new IllegalArgumentException("--time = " + time + " must be at least 1 minute, in whole seconds");
        }
        if (throttle != null && (throttle < 1 || throttle > 100_000)) {
            throw new IllegalArgumentException("--workers = " + throttle + " (array tasks at once) is outside the allowed "
                    + "range 1..100000");
        }
    }

    /**
     * Builds the resources from the command line's strings.
     *
     * @param partition   partition or null
     * @param cpusPerTask CPUs per task, or null for {@code threads}
     * @param memory      {@code --mem} in Slurm's syntax, or null for {@link #DEFAULT_MEMORY}
     * @param time        {@code --time} in Slurm's syntax, or null for {@link #DEFAULT_TIME}
     * @param throttle    tasks at once, or null for all
     * @param threads     threads per run
     * @return the resources
     * @throws IllegalArgumentException naming the flag and the bad value
     */
    public static SlurmResources of(String partition, Integer cpusPerTask, String memory, String time, Integer throttle, int threads) {
        return new SlurmResources(partition, cpusPerTask != null ? cpusPerTask : threads,
                parseMemory(memory != null ? memory : DEFAULT_MEMORY), parseTime(time != null ? time : DEFAULT_TIME), throttle, threads);
    }

    /**
     * Parses a memory size as {@code sbatch --mem} takes it: a whole number with an optional unit K, M, G or T
     * (powers of 1024; no unit = M).
     *
     * @param text e.g. {@code 3G}, {@code 2500M}, {@code 4096}
     * @return MiB (K rounded up to whole MiB)
     * @throws IllegalArgumentException naming {@code --mem}, the value and the allowed form
     */
    public static long parseMemory(String text) {
        Matcher m = MEMORY.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--mem = '" + text + "' is not a memory size: expected a whole number with an "
                    + "optional unit K, M, G or T (no unit = M), e.g. 3G or 2500M");
        }
        long n = Long.parseLong(m.group(1));
        long mib = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> (n + 1023) / 1024;
            case "G" -> n * 1024;
            case "T" -> n * 1024 * 1024;
            default -> n;
        };
        if (mib < 1) {
            throw new IllegalArgumentException("--mem = '" + text + "' is zero; a task needs at least 1M (Slurm's --mem=0, "
                    + "'all of a node's memory', is not accepted here)");
        }
        if (mib > (1L << 30)) {
            throw new IllegalArgumentException("--mem = '" + text + "' is more than 1024T");
        }
        return mib;
    }

    /**
     * Parses a time limit in {@code sbatch --time}'s forms: {@code minutes}, {@code minutes:seconds},
     * {@code hours:minutes:seconds}, {@code days-hours}, {@code days-hours:minutes}, {@code days-hours:minutes:seconds}
     * (Slurm's sbatch manual). Every field after the first must be below its unit (minutes and seconds below 60,
     * hours below 24 after days).
     *
     * @param text e.g. {@code 90}, {@code 2:00:00}, {@code 1-12}
     * @return the duration, at least one minute
     * @throws IllegalArgumentException naming {@code --time}, the value and the allowed forms
     */
    public static Duration parseTime(String text) {
        String t = text == null ? "" : text.strip();
        String forms = "expected minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes or "
                + "days-hours:minutes:seconds, e.g. 2:00:00 or 1-12";
        if (!t.matches("(\\d{1,6}-)?\\d{1,6}(:\\d{1,2}){0,2}")) {
            throw new IllegalArgumentException("--time = '" + text + "' is not a Slurm time limit: " + forms);
        }
        long days = 0;
        String rest = t;
        boolean withDays = t.contains("-");
        if (withDays) {
            days = Long.parseLong(t.substring(0, t.indexOf('-')));
            rest = t.substring(t.indexOf('-') + 1);
        }
        String[] f = rest.split(":");
        long[] v = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = Long.parseLong(f[i]);
        }
        long h = 0;
        long min = 0;
        long s = 0;
        if (withDays) {
            h = v[0];
            min = f.length > 1 ? v[1] : 0;
            s = f.length > 2 ? v[2] : 0;
            if (h > 23) {
                throw new IllegalArgumentException("--time = '" + text + "': hours after days must be 0..23; " + forms);
            }
        } else if (f.length == 1) {
            min = v[0];
        } else if (f.length == 2) {
            min = v[0];
            s = v[1];
        } else {
            h = v[0];
            min = v[1];
            s = v[2];
        }
        if (s > 59 || (min > 59 && (withDays || f.length == 3))) {
            throw new IllegalArgumentException("--time = '" + text + "': minutes and seconds after the first field must be "
                    + "0..59; " + forms);
        }
        Duration d = Duration.ofDays(days).plusHours(h).plusMinutes(min).plusSeconds(s);
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("--time = '" + text + "' is less than 1 minute (Slurm reads 0 as 'no limit', "
                    + "which is not accepted here)");
        }
        return d;
    }

    /** @return the time limit as Slurm writes it, {@code D-HH:MM:SS} (or {@code HH:MM:SS} under a day) */
    public String slurmTime() {
        return slurmTime(time);
    }

    /**
     * @param time a duration (whole seconds are written; less is dropped)
     * @return it as Slurm writes a time limit, {@code D-HH:MM:SS} (or {@code HH:MM:SS} under a day)
     */
    public static String slurmTime(Duration time) {
        long total = time.getSeconds();
        long days = total / 86_400;
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", (total % 86_400) / 3600, (total % 3600) / 60, total % 60);
        return days > 0 ? days + "-" + hms : hms;
    }

    /** @return the memory as an {@code sbatch --mem} value, e.g. {@code 3072M} */
    public String slurmMemory() {
        return memoryMib + "M";
    }
}
