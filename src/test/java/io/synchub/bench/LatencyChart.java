package io.synchub.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency distributions as a PNG, drawn with java.awt in headless mode: x = percentile (0–100), y = milliseconds on a
 * log scale, one line per series (sorted samples), so p50 and p99 of every series can be read off one picture.
 */
final class LatencyChart {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final int W = 1000;
    private static final int H = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 330;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private final Map<String, double[]> series = new LinkedHashMap<>();

    LatencyChart add(String name, double[] sortedMs) {
        if (sortedMs.length > 0) {
            series.put(name, sortedMs);
        }
        return this;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    void write(Path png, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double min = series.values().stream().mapToDouble(a -> Math.max(0.1, a[0])).min().orElse(0.1);
        double max = series.values().stream().mapToDouble(a -> a[a.length - 1]).max().orElse(1);
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(max, lo * 10))));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double d = lo; d <= hi * 1.0001; d *= 10) {
            int y = TOP + plotH - (int) Math.round((Math.log10(d) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * plotH);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            g.drawString(d >= 1 ? String.format("%.0f ms", d) : String.format("%.1f ms", d), 10, y + 4);
        }
        for (int p = 0; p <= 100; p += 10) {
            int x = LEFT + p * plotW / 100;
            g.setColor(new Color(p == 50 || p == 100 ? 0xbbbbbb : 0xeeeeee));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.BLACK);
            g.drawString("p" + p, x - 10, TOP + plotH + 18);
        }
        int x99 = LEFT + 99 * plotW / 100;
        g.setColor(new Color(0xbbbbbb));
        g.drawLine(x99, TOP, x99, TOP + plotH);
        g.setColor(Color.BLACK);
        g.drawString("percentile of requests (grey lines at p50 and p99)", LEFT + plotW / 2 - 150, H - 15);
        g.drawRect(LEFT, TOP, plotW, plotH);

        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            Color c = COLORS[i % COLORS.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            double[] a = e.getValue();
            int px = -1;
            int py = -1;
            for (int k = 0; k < a.length; k++) {
                int x = LEFT + (int) Math.round((a.length == 1 ? 1.0 : (double) k / (a.length - 1)) * plotW);
                double v = Math.max(lo, a[k]);
                int y = TOP + plotH - (int) Math.round((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * plotH);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(W - RIGHT + 15, TOP + 10 + i * 22, 14, 4);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawString(e.getKey(), W - RIGHT + 35, TOP + 16 + i * 22);
            i++;
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
