package io.siyu.acquisition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** Every QR Siyu draws reads back as what it carries, at print and at screen sizes (no Spring, no network). */
class QrImagesTest {

	@Test
	void everyDrawnCodeReadsBackAsItsContent() throws Exception {
		QrImages qr = new QrImages();
		Random random = new Random(5);
		List<String> unread = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			byte[] id = new byte[16];
			random.nextBytes(id);
			String content = "https://wework.qpic.cn/wwpic/" + HexFormat.of().formatHex(id) + "/0";
			for (int size : new int[] { 300, 1200 }) {
				var image = ImageIO.read(new ByteArrayInputStream(qr.png(content, size)));
				if (!QrImages.decode(image).filter(content::equals).isPresent()) {
					unread.add(size + " " + content);
				}
			}
		}
		assertThat(unread).isEmpty();
	}
}
