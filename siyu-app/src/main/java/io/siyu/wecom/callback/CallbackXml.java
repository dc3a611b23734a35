package io.siyu.wecom.callback;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads WeCom's flat XML (envelope and decrypted event) into a map of top-level elements; {@code MemChangeList}
 * items are joined with commas. DTDs and external entities are refused (XXE).
 */
final class CallbackXml {

	private static final DocumentBuilderFactory FACTORY = factory();

	/** Building a DocumentBuilder costs more than parsing a callback: one per thread, reset between uses. */
	private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(CallbackXml::newBuilder);

	private CallbackXml() {
	}

	static Map<String, String> parse(String xml) {
		try {
			DocumentBuilder builder = BUILDER.get();
			builder.reset();
			builder.setErrorHandler(null);
			Element root = builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
				.getDocumentElement();
			if (!"xml".equals(root.getTagName())) {
				throw new BadCallbackException("the root element is not <xml>");
			}
			Map<String, String> fields = new LinkedHashMap<>();
			NodeList children = root.getChildNodes();
			for (int i = 0; i < children.getLength(); i++) {
				if (children.item(i) instanceof Element child) {
					fields.put(child.getTagName(), text(child));
				}
			}
			return fields;
		}
		catch (BadCallbackException e) {
			throw e;
		}
		catch (Exception e) {
			throw new BadCallbackException("malformed XML");
		}
	}

	private static String text(Element element) {
		NodeList items = element.getElementsByTagName("Item");
		if (items.getLength() == 0) {
			return element.getTextContent().trim();
		}
		StringBuilder joined = new StringBuilder();
		for (int i = 0; i < items.getLength(); i++) {
			Node item = items.item(i);
			joined.append(i == 0 ? "" : ",").append(item.getTextContent().trim());
		}
		return joined.toString();
	}

	private static DocumentBuilder newBuilder() {
		try {
			synchronized (FACTORY) {
				return FACTORY.newDocumentBuilder();
			}
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static DocumentBuilderFactory factory() {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
			factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			return factory;
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
