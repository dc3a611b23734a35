package io.siyu.acquisition;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;

import org.springframework.stereotype.Component;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.WriterException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import io.siyu.shared.BadRequestException;

/**
 * QR images and posters at print resolution, drawn with ZXing and Java2D. WeCom hands out a contact way's QR as a small
 * picture; its content is read once (downloaded, decoded with ZXing) and re-drawn at the size asked for, so a poster
 * prints sharp. When the picture cannot be read (no network, the sandbox's placeholder URL) the code's URL itself is
 * encoded. Links are encoded directly.
 */
@Component
class QrImages {

	static final int MIN_SIZE = 128;

	static final int MAX_SIZE = 4096;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
		.followRedirects(HttpClient.Redirect.NORMAL).build();

	private final Map<String, String> decoded = new ConcurrentHashMap<>();

	/** What the code's QR should carry. */
	String content(LiveCode code) {
		if (code.linkUrl() != null) {
			return code.linkUrl();
		}
		if (code.qrUrl() == null) {
			throw new io.siyu.shared.ConflictException("error.acq.noQr", "The code has no QR in WeCom yet");
		}
		return contentOf(code.qrUrl());
	}

	String contentOf(String qrUrl) {
		return decoded.computeIfAbsent(qrUrl, url -> readQr(url).orElse(url));
	}

	byte[] png(String content, int size) {
		return write(render(content, checkSize(size)));
	}

	/** A poster: the title, the QR, a line of text under it; {@code width} pixels wide, 3:4. */
	byte[] poster(String content, String title, String subtitle, int width) {
		int w = checkSize(width);
		int h = w * 4 / 3;
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setColor(new Color(0x0f766e));
			g.fillRect(0, 0, w, h);
			g.setColor(Color.WHITE);
			int margin = w / 12;
			g.fillRoundRect(margin, h / 5, w - 2 * margin, h - h / 5 - margin, w / 20, w / 20);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, w / 14)));
			centered(g, title, w, h / 8);
			java.awt.Rectangle qr = posterQr(w);
			g.drawImage(render(content, qr.width), qr.x, qr.y, null);
			g.setColor(new Color(0x334155));
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, w / 24)));
			int below = qr.y + qr.height;
			centered(g, subtitle == null ? "" : subtitle, w, below + (h - below - margin) / 2);
		}
		finally {
			g.dispose();
		}
		return write(img);
	}

	/** Where a poster {@code width} pixels wide has its QR (a square on the white card). */
	static java.awt.Rectangle posterQr(int width) {
		int margin = width / 12;
		int size = width - 4 * margin;
		return new java.awt.Rectangle(2 * margin, width * 4 / 3 / 5 + margin, size, size);
	}

	private static void centered(Graphics2D g, String text, int width, int baseline) {
		FontMetrics m = g.getFontMetrics();
		g.drawString(text, Math.max(0, (width - m.stringWidth(text)) / 2), baseline);
	}

	static int checkSize(int size) {
		if (size < MIN_SIZE || size > MAX_SIZE) {
			throw new BadRequestException("error.acq.qrSize", "Size is " + MIN_SIZE + " to " + MAX_SIZE + " pixels",
					MIN_SIZE, MAX_SIZE);
		}
		return size;
	}

	static BufferedImage render(String content, int size) {
		Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
		hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
		hints.put(EncodeHintType.MARGIN, 2);
		hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
		try {
			BitMatrix m = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, hints);
			BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
			for (int y = 0; y < size; y++) {
				for (int x = 0; x < size; x++) {
					img.setRGB(x, y, m.get(x, y) ? 0x000000 : 0xFFFFFF);
				}
			}
			return img;
		}
		catch (WriterException e) {
			throw new IllegalStateException("QR encoding failed", e);
		}
	}

	/** Reads a QR picture's content; used by tests to check what was drawn. */
	static java.util.Optional<String> decode(BufferedImage image) {
		int w = image.getWidth();
		int h = image.getHeight();
		int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
		RGBLuminanceSource source = new RGBLuminanceSource(w, h, pixels);
		// a clean, upright picture (WeCom's own, ours) reads as a pure barcode; a photo or a poster needs the finder-pattern
		// search, which now and then misses a synthetic code at one binarizer and finds it at the other
		for (int attempt = 0; attempt < 3; attempt++) {
			Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
			hints.put(attempt == 0 ? DecodeHintType.PURE_BARCODE : DecodeHintType.TRY_HARDER, Boolean.TRUE);
			BinaryBitmap bitmap = new BinaryBitmap(attempt == 2 ? new com.google.zxing.common.GlobalHistogramBinarizer(source)
					: new HybridBinarizer(source));
			try {
				return java.util.Optional.of(new MultiFormatReader().decode(bitmap, hints).getText());
			}
			catch (NotFoundException e) {
				// the next way
			}
		}
		return java.util.Optional.empty();
	}

	private java.util.Optional<String> readQr(String url) {
		try {
			HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = r.body()) {
				if (r.statusCode() != 200) {
					return java.util.Optional.empty();
				}
				BufferedImage img = ImageIO.read(new java.io.BufferedInputStream(in));
				return img == null ? java.util.Optional.empty() : decode(img);
			}
		}
		catch (IOException | RuntimeException e) {
			return java.util.Optional.empty();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return java.util.Optional.empty();
		}
	}

	private static byte[] write(BufferedImage img) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(img, "png", out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
