package io.sealcloud.appstore.bench;

import io.sealcloud.appstore.domain.policy.TenantPolicy;
import io.sealcloud.appstore.domain.template.Rendering;
import io.sealcloud.appstore.domain.template.Samples;
import io.sealcloud.appstore.domain.template.TemplateParser;
import io.sealcloud.appstore.domain.template.TemplateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Render benchmark for docs/benchmarks/render.md (not a test: it measures and prints, it asserts nothing). Skipped
 * unless {@code -Dsealcloud.benchmark=true}; see docs/benchmarks/render.md for the command.
 *
 * <p>Per sample, after {@code WARMUP} untimed rounds, {@code ITERATIONS} timed rounds of: (a) the install path — parse
 * the file, evaluate defaults and inputs, render, apply the tenant policy; (b) render only, from an already parsed
 * template (what an install does with a catalog version); (c) the baseline — SnakeYAML load + dump of the same file
 * (directive lines dropped, as they are not YAML), no expressions evaluated.
 */
class RenderBenchmark {

    static final int WARMUP = Integer.getInteger("sealcloud.benchmark.warmup", 200);
    static final int ITERATIONS = Integer.getInteger("sealcloud.benchmark.iterations", 500);

    private static final TenantPolicy.Placement PLACEMENT = new TenantPolicy.Placement("acme", "ns-acme", "blog", null);

    @Test
    void measure() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("sealcloud.benchmark"), "run with -Dsealcloud.benchmark=true");
        List<String> rows = new ArrayList<>();
        rows.add("| template | lines | objects | full: median / p99 (ms) | render only: median / p99 (ms) "
                + "| baseline YAML load+dump: median / p99 (ms) |");
        rows.add("|---|---:|---:|---:|---:|---:|");
        for (String file : Samples.files()) {
            String text = Samples.text(file);
            TemplateSpec parsed = TemplateParser.parse(text);
            int objects = full(text).size();
            int[] seed = {0};
            double[] fullTimes = time(() -> full(text));
            double[] renderTimes = time(() -> Rendering.start(parsed, Samples.PLATFORM, "seed-" + seed[0]++)
                    .render()
                    .objects());
            // The baseline cannot parse directive lines (they are not YAML): it gets the file without them.
            String plain = text.lines()
                    .filter(line -> !line.trim().matches("\\$\\{\\{\\s*(if|elif|else|endif)\\(.*"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            double[] baseTimes = time(() -> baseline(plain));
            rows.add(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f |",
                    file.replace(".yaml", ""),
                    text.split("\n", -1).length,
                    objects,
                    percentile(fullTimes, 50),
                    percentile(fullTimes, 99),
                    percentile(renderTimes, 50),
                    percentile(renderTimes, 99),
                    percentile(baseTimes, 50),
                    percentile(baseTimes, 99)));
        }
        String environment = String.format(
                Locale.ROOT,
                "Java %s (%s), %d CPUs available, warmup %d, iterations %d",
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(),
                WARMUP,
                ITERATIONS);
        String table = environment + "\n\n" + String.join("\n", rows) + "\n";
        Path out = Path.of("target", "benchmarks", "render.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println(table);
    }

    private static List<?> full(String text) {
        TemplateSpec spec = TemplateParser.parse(text);
        Rendering rendering = Rendering.start(spec, Samples.PLATFORM, "seed");
        return TenantPolicy.defaults("apps.sealcloud.test")
                .place(rendering.render().objects(), PLACEMENT)
                .objects();
    }

    private static Object baseline(String text) {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        List<Object> documents = new ArrayList<>();
        yaml.loadAll(text).forEach(documents::add);
        return yaml.dumpAll(documents.iterator());
    }

    private static double[] time(Supplier<?> work) {
        Object sink = null;
        for (int i = 0; i < WARMUP; i++) {
            sink = work.get();
        }
        double[] millis = new double[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            long start = System.nanoTime();
            sink = work.get();
            millis[i] = (System.nanoTime() - start) / 1_000_000.0;
        }
        if (sink == null) {
            throw new IllegalStateException("nothing rendered");
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
