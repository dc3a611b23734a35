package io.siyu.acquisition;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.community.CustomerGroups;
import io.siyu.community.GroupMembershipChanged;
import io.siyu.community.GroupView;
import io.siyu.organization.OrgUnits;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.GroupChanged;
import io.siyu.wecom.WeComContactWays;
import io.siyu.wecom.WeComException;

/**
 * Group live codes on WeCom join ways. The code keeps working while its groups change: after every membership change,
 * new group or dismissal of one of its groups, the groups WeCom has behind the way are read back (WeCom adds the groups
 * it opens itself), dismissed groups are taken out, and at most 5 are kept (full ones leave first); WeCom is told only
 * when the list really changes.
 */
@Service
public class GroupCodes {

	static final int MAX_CHATS = 5;

	private static final Logger log = LoggerFactory.getLogger(GroupCodes.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String COLUMNS = "id, name, unit_id, state, status, owner_userid, base_name, next_number,"
			+ " auto_create, welcome_text, qr_url, sync_error, created_at, wecom_id";

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final CustomerGroups groups;

	private final OrgUnits units;

	private final WeComContactWays wecom;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final AcquisitionSettings settings;

	private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

	GroupCodes(TenantJdbc jdbc, JdbcClient platform, CustomerGroups groups, OrgUnits units, WeComContactWays wecom,
			TransactionTemplate tx, Clock clock, AcquisitionSettings settings) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.groups = groups;
		this.units = units;
		this.wecom = wecom;
		this.tx = tx;
		this.clock = clock;
		this.settings = settings;
	}

	public record Draft(String name, Long unitId, List<String> chatIds, boolean autoCreate, String baseName,
			Integer baseNumber, String welcomeText) {
	}

	public GroupCode create(Draft d) {
		LiveCodes.requireWriter();
		if (d == null || d.name() == null || d.name().isBlank() || d.name().strip().length() > 100) {
			throw new BadRequestException("error.acq.name", "A name of 1 to 100 characters is required");
		}
		if (d.unitId() == null) {
			throw new BadRequestException("error.acq.unit", "An org unit is required");
		}
		try {
			units.get(d.unitId());
		}
		catch (NotFoundException e) {
			throw new BadRequestException("error.acq.unknownUnit", "Unknown org unit " + d.unitId(), d.unitId());
		}
		List<String> chats = d.chatIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(d.chatIds()));
		if (chats.isEmpty() || chats.size() > MAX_CHATS) {
			throw new BadRequestException("error.acq.chats", "A group code holds 1 to 5 groups");
		}
		Map<String, GroupView> found = groups.byChatIds(chats);
		for (String c : chats) {
			if (!found.containsKey(c) || found.get(c).dismissed()) {
				throw new BadRequestException("error.acq.unknownChat", "Unknown or dismissed group " + c, c);
			}
		}
		String base = d.baseName() == null || d.baseName().isBlank() ? d.name().strip() : d.baseName().strip();
		if (base.length() > 40) {
			throw new BadRequestException("error.acq.baseName", "A group base name is at most 40 characters");
		}
		int number = d.baseNumber() == null ? chats.size() : d.baseNumber();
		if (number < 0 || number > 100_000) {
			throw new BadRequestException("error.acq.baseNumber", "The first number is 0 to 100000");
		}
		String welcome = d.welcomeText() == null || d.welcomeText().isBlank() ? null : d.welcomeText().strip();
		if (welcome != null && welcome.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 3000) {
			throw new BadRequestException("error.acq.groupWelcome", "A group welcome is at most 3000 bytes");
		}
		checkQuota();
		long corp = Actors.require().requireCorp();
		String owner = found.get(chats.get(0)).ownerUserid();
		String state = "gc-" + random(14);
		long id = tx.execute(s -> {
			long codeId = jdbc.sql("insert into acq_group_code (corp_id, name, unit_id, state, status, owner_userid, base_name,"
					+ " next_number, auto_create, welcome_text, created_at, updated_at) values (:corp, :n, :u, :s, 'ACTIVE', :o,"
					+ " :b, :num, :auto, :w, :now, :now)")
				.param("n", d.name().strip())
				.param("u", d.unitId())
				.param("s", state)
				.param("o", owner == null ? "" : owner)
				.param("b", base)
				.param("num", number)
				.param("auto", d.autoCreate())
				.param("w", welcome)
				.param("now", Timestamps.of(clock.instant()))
				.insert();
			writeChats(codeId, chats);
			return codeId;
		});
		try {
			WeComContactWays.Way way = wecom.createJoinWay(corp, chats, state, CodePush.remark(d.name().strip()),
					d.autoCreate(), base, number);
			String template = welcome == null ? null : wecom.addGroupWelcome(corp, welcome);
			tx.executeWithoutResult(s -> jdbc.sql("update acq_group_code set wecom_id = :w, qr_url = :q, template_id = :t"
					+ " where id = :id and corp_id = :corp and {scope:unit_id,-}")
				.param("w", way.id())
				.param("q", way.url())
				.param("t", template)
				.param("id", id)
				.update());
		}
		catch (WeComException e) {
			if (e.errcode() == WeComContactWays.CAP_REACHED) {
				tx.executeWithoutResult(s -> {
					jdbc.sql("delete from acq_group_code_chat where corp_id = :corp and code_id = :id").param("id", id).update();
					jdbc.sql("delete from acq_group_code where id = :id and corp_id = :corp and {scope:unit_id,-}").param("id", id)
						.update();
				});
				throw new RuleViolationException("error.acq.wecomQuota",
						"WeCom refused a new join way: the corp's limit is reached (45035)");
			}
			failed(id, e);
		}
		return get(id);
	}

	public GroupCode get(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return find(id).orElseThrow(() -> new NotFoundException("error.acq.notFound", "Code " + id + " not found", id));
	}

	public Page<GroupCode> list(String q, CodeStatus status, PageQuery page) {
		Actors.require(Permission.CUSTOMERS_READ);
		String where = " where corp_id = :corp and {scope:unit_id,-}"
				+ (q == null || q.isBlank() ? "" : " and lower(name) like :q") + (status == null ? "" : " and status = :st");
		long total = jdbc.sql("select count(*) from acq_group_code" + where)
			.param("q", q == null ? null : "%" + q.strip().toLowerCase() + "%")
			.param("st", status == null ? null : status.name())
			.count();
		List<Long> ids = jdbc.sql("select id from acq_group_code" + where + " order by id desc limit :limit offset :offset")
			.param("q", q == null ? null : "%" + q.strip().toLowerCase() + "%")
			.param("st", status == null ? null : status.name())
			.param("limit", page.size())
			.param("offset", page.offset())
			.list((rs, i) -> rs.getLong(1));
		return page.with(ids.stream().map(this::get).toList(), total);
	}

	/** Deletes the join way (its QR stops working); the code stays with its history. */
	public GroupCode retire(long id) {
		LiveCodes.requireWriter();
		GroupCode code = get(id);
		if (code.status() == CodeStatus.RETIRED) {
			return code;
		}
		String wecomId = wecomId(id);
		if (wecomId != null) {
			try {
				wecom.deleteJoinWay(Actors.require().requireCorp(), wecomId);
			}
			catch (WeComException e) {
				if (e.errcode() != WeComContactWays.UNKNOWN_WAY) {
					throw e;
				}
			}
		}
		tx.executeWithoutResult(s -> jdbc.sql("update acq_group_code set status = 'RETIRED', updated_at = :now"
				+ " where id = :id and corp_id = :corp and {scope:unit_id,-}")
			.param("id", id)
			.param("now", Timestamps.of(clock.instant()))
			.update());
		return get(id);
	}

	/** A group of some code changed: read the way back and repair it. */
	@ApplicationModuleListener
	void on(GroupMembershipChanged changed) {
		codesWith(changed.corpId(), changed.chatId()).forEach(id -> refresh(changed.corpId(), id));
	}

	@ApplicationModuleListener
	void on(GroupChanged changed) {
		if (changed.kind() == GroupChanged.Kind.UPDATED) {
			return;
		}
		// a new group may be one WeCom opened for a code; a dismissed one must leave its codes
		List<Long> ids = changed.kind() == GroupChanged.Kind.DISMISSED ? codesWith(changed.corpId(), changed.chatId())
				: platform.sql("select id from acq_group_code where corp_id = ? and status = 'ACTIVE' and auto_create = true")
					.param(changed.corpId()).query(Long.class).list();
		ids.forEach(id -> refresh(changed.corpId(), id));
	}

	/** Reads the way's groups from WeCom, drops dismissed ones, keeps at most 5 (full ones leave first), saves. */
	void refresh(long corpId, long id) {
		ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
		lock.lock();
		try {
			Actors.runAs(Actor.system(corpId), () -> {
				String wecomId = wecomId(id);
				GroupCode code = find(id).orElse(null);
				if (wecomId == null || code == null || code.status() != CodeStatus.ACTIVE) {
					return;
				}
				List<String> stored = code.chats().stream().map(GroupCode.Chat::chatId).toList();
				List<String> inWeCom;
				try {
					inWeCom = wecom.joinWayChats(corpId, wecomId);
				}
				catch (WeComException e) {
					failed(id, e);
					return;
				}
				Map<String, GroupView> known = groups.byChatIds(inWeCom);
				List<String> live = new ArrayList<>(inWeCom.stream()
					.filter(c -> !known.containsKey(c) || !known.get(c).dismissed())
					.toList());
				int opened = (int) inWeCom.stream().filter(c -> !stored.contains(c)).count();
				while (live.size() > MAX_CHATS) {
					String fullest = live.stream()
						.max(java.util.Comparator.comparingInt(c -> known.containsKey(c) ? known.get(c).members() : 0))
						.orElseThrow();
					live.remove(fullest);
				}
				if (live.isEmpty()) {
					tx.executeWithoutResult(s -> jdbc.sql("update acq_group_code set sync_error = :e where id = :id"
							+ " and corp_id = :corp and {scope:unit_id,-}")
						.param("e", "Every group of this code is dismissed: add a group to keep it working")
						.param("id", id)
						.update());
					return;
				}
				if (!live.equals(inWeCom)) {
					try {
						wecom.updateJoinWay(corpId, wecomId, live, code.state(), CodePush.remark(code.name()),
								code.autoCreate(), code.baseName(), code.nextNumber() + opened);
					}
					catch (WeComException e) {
						failed(id, e);
						return;
					}
				}
				if (!live.equals(stored) || opened > 0) {
					tx.executeWithoutResult(s -> {
						writeChats(id, live);
						jdbc.sql("update acq_group_code set next_number = next_number + :o, sync_error = null, updated_at = :now"
								+ " where id = :id and corp_id = :corp and {scope:unit_id,-}")
							.param("o", opened)
							.param("now", Timestamps.of(clock.instant()))
							.param("id", id)
							.update();
					});
				}
			});
		}
		catch (RuntimeException e) {
			log.warn("Refresh of group code {} failed: {}", id, e.getMessage());
		}
		finally {
			lock.unlock();
		}
	}

	private List<Long> codesWith(long corpId, String chatId) {
		return platform.sql("select c.id from acq_group_code c join acq_group_code_chat x on x.code_id = c.id"
				+ " and x.corp_id = c.corp_id where c.corp_id = ? and x.chat_id = ? and c.status = 'ACTIVE'")
			.params(corpId, chatId).query(Long.class).list();
	}

	private Optional<GroupCode> find(long id) {
		return jdbc.sql("select " + COLUMNS + " from acq_group_code where id = :id and corp_id = :corp and {scope:unit_id,-}")
			.param("id", id)
			.optional((rs, i) -> new GroupCode(rs.getLong("id"), rs.getString("name"), rs.getLong("unit_id"),
					rs.getString("state"), CodeStatus.valueOf(rs.getString("status")), rs.getString("owner_userid"),
					rs.getString("base_name"), rs.getInt("next_number"), rs.getBoolean("auto_create"),
					rs.getString("welcome_text"), rs.getString("qr_url"), rs.getString("sync_error"), List.of(),
					Timestamps.get(rs, "created_at")))
			.map(c -> {
				List<String> ids = jdbc.sql("select chat_id from acq_group_code_chat where corp_id = :corp and code_id = :id"
						+ " order by position").param("id", id).list((rs, i) -> rs.getString(1));
				Map<String, GroupView> views = groups.byChatIds(ids);
				List<GroupCode.Chat> chats = ids.stream().map(cid -> {
					GroupView v = views.get(cid);
					return new GroupCode.Chat(cid, v == null ? cid : v.name(), v == null ? 0 : v.members(),
							v != null && v.dismissed());
				}).toList();
				return new GroupCode(c.id(), c.name(), c.unitId(), c.state(), c.status(), c.ownerUserid(), c.baseName(),
						c.nextNumber(), c.autoCreate(), c.welcomeText(), c.qrUrl(), c.syncError(), chats, c.createdAt());
			});
	}

	private String wecomId(long id) {
		return jdbc.sql("select wecom_id from acq_group_code where id = :id and corp_id = :corp and {scope:unit_id,-}")
			.param("id", id).value(String.class).orElse(null);
	}

	private void writeChats(long id, List<String> chats) {
		jdbc.sql("delete from acq_group_code_chat where corp_id = :corp and code_id = :id").param("id", id).update();
		for (int i = 0; i < chats.size(); i++) {
			jdbc.sql("insert into acq_group_code_chat (corp_id, code_id, chat_id, position) values (:corp, :id, :c, :p)")
				.param("id", id).param("c", chats.get(i)).param("p", i).update();
		}
	}

	private void failed(long id, WeComException e) {
		String msg = e.getMessage().length() > 500 ? e.getMessage().substring(0, 500) : e.getMessage();
		tx.executeWithoutResult(s -> jdbc.sql("update acq_group_code set sync_error = :e where id = :id and corp_id = :corp"
				+ " and {scope:unit_id,-}").param("e", msg).param("id", id).update());
	}

	private void checkQuota() {
		long corp = Actors.require().requireCorp();
		long used = platform.sql("select (select count(*) from acq_code where corp_id = ? and status <> 'RETIRED'"
				+ " and kind <> 'LINK') + (select count(*) from acq_group_code where corp_id = ? and status <> 'RETIRED')")
			.params(corp, corp).query(Long.class).single();
		if (used + 1 > settings.contactWayCap()) {
			throw new RuleViolationException("error.acq.quota", "WeCom allows " + settings.contactWayCap()
					+ " contact ways per corp; " + used + " are in use.", settings.contactWayCap(), used);
		}
	}

	private static String random(int n) {
		String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < n; i++) {
			s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return s.toString();
	}
}
