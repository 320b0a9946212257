package dev.porthole.desktop.window;

import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;

/** The window icon, drawn rather than shipped: a porthole (ring and glass) on the accent colour. */
public final class AppIcon {
    private AppIcon() {
    }

    public static Image draw(int size) {
        Canvas canvas = new Canvas(size, size);
        GraphicsContext g = canvas.getGraphicsContext2D();
        double s = size;
        g.setFill(Color.web("#0969da"));
        g.fillRoundRect(s * 0.06, s * 0.06, s * 0.88, s * 0.88, s * 0.26, s * 0.26);
        g.setStroke(Color.WHITE);
        g.setLineWidth(s * 0.08);
        g.strokeOval(s * 0.24, s * 0.24, s * 0.52, s * 0.52);
        g.setFill(Color.web("#ffffff", 0.85));
        g.fillOval(s * 0.38, s * 0.38, s * 0.24, s * 0.24);
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.TRANSPARENT);
        return canvas.snapshot(params, null);
    }
}
