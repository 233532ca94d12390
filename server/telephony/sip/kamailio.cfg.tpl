#!KAMAILIO
# The SIP switch of the console (docs/telephony.md). Rendered by kamailio-config.ts: every
# placeholder in double braces is replaced; nothing else is templated. Kamailio routes, the console decides: an INVITE
# from outside is suspended and handed to the console over evapi, which answers with the agent's
# address (or a refusal) once its routing has picked someone.

debug={{LOG_LEVEL}}
log_stderror=yes
children={{CHILDREN}}
# UDP for phones, trunks and carriers; TCP only for browsers' SIP over WebSocket (plain ws: in front of
# it, in production, a TLS proxy or Kamailio's tls module makes it wss:, docs/telephony.md).
listen=udp:{{SIP_ADDR}}:{{SIP_PORT}}
listen=tcp:{{SIP_ADDR}}:{{WS_PORT}}
alias="{{SIP_DOMAIN}}:{{SIP_PORT}}"
alias="{{SIP_DOMAIN}}:{{WS_PORT}}"
# A WebSocket frame carries the whole message: no Content-Length needed; idle browsers keep their link.
tcp_accept_no_cl=yes
tcp_connection_lifetime=3605
auto_aliases=no
server_header="Server: agent-console-switch"
user_agent_header="User-Agent: agent-console-switch"

loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "dialog.so"
loadmodule "jansson.so"
loadmodule "evapi.so"
loadmodule "pike.so"
loadmodule "auth.so"
loadmodule "auth_ephemeral.so"
loadmodule "xhttp.so"
loadmodule "websocket.so"
loadmodule "nathelper.so"
loadmodule "rtpengine.so"
loadmodule "sdpops.so"

# Agents register with the short-lived credentials the console issues (GET /api/telephony/sip-credentials):
# username <expiry>:<agent>, password base64(HMAC-SHA1(secret, username)). Only the secret is shared.
modparam("auth_ephemeral", "secret", "{{AUTH_SECRET}}")
modparam("auth_ephemeral", "username_format", 1)

# A browser's Contact is a made-up host (xyz.invalid;transport=ws): the registrar keeps where the
# REGISTER really came from (its WebSocket connection) and lookup sends calls there.
modparam("nathelper|registrar", "received_avp", "$avp(RECEIVED)")
modparam("nathelper", "natping_interval", 0)

# Media between browsers (WebRTC: ICE, DTLS-SRTP) and plain-RTP phones and carriers goes through rtpengine.
modparam("rtpengine", "rtpengine_sock", "udp:{{RTPENGINE_NG}}")

# How many consoles hold the evapi link: with none, a call is refused at once instead of hanging.
modparam("pv", "shvset", "evapi_links=i:0")

# Agents' phones register in memory only: a restart of the switch asks them to register again.
modparam("usrloc", "db_mode", 0)
modparam("registrar", "max_expires", 3600)
modparam("registrar", "default_expires", 600)

# A registered phone that does not even say Trying within this long is gone (it died without unregistering).
modparam("tm", "fr_timer", {{TRYING_MS}})
# A ringing agent phone that does not answer gives the call back after this long.
modparam("tm", "fr_inv_timer", {{AGENT_RING_MS}})
# The longest an INVITE transaction may live: the console's maximum wait plus the agent's ringing.
modparam("tm", "max_inv_lifetime", {{MAX_INV_LIFETIME_MS}})

modparam("rr", "append_fromtag", 1)
modparam("dialog", "default_timeout", 43200)

modparam("evapi", "bind_addr", "{{EVAPI_ADDR}}:{{EVAPI_PORT}}")
modparam("evapi", "netstring_format", 1)
modparam("evapi", "workers", 1)

# More than {{PIKE_DENSITY}} new calls in {{PIKE_UNIT_SECONDS}} s from one address is a flood.
modparam("pike", "sampling_time_unit", {{PIKE_UNIT_SECONDS}})
modparam("pike", "reqs_density_per_unit", {{PIKE_DENSITY}})
modparam("pike", "remove_latency", {{PIKE_UNIT_SECONDS}})

request_route {
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	# The default checks plus parsing the request, From and To URIs (1024; uri checks 1+2+4): a call
	# whose caller cannot even be read is refused (400) before it reaches the console.
	if (!sanity_check("4071", "7")) {
		xlog("L_WARN", "malformed request from $si:$sp refused\n");
		exit;
	}

	# Browsers (SIP over WebSocket): replies go back on their connection, their made-up Contact is aliased.
	if ($proto == "ws" || $proto == "wss") {
		force_rport();
		if (is_method("REGISTER")) fix_nated_register();
		else add_contact_alias();
	}

	if (is_method("CANCEL")) {
		if (t_check_trans()) {
			# The transaction is marked canceled before the console hears of it, so its answer finds it so.
			t_relay();
			$var(ev) = "{}";
			jansson_set("string", "event", "cancel", "$var(ev)");
			jansson_set("string", "callId", "$ci", "$var(ev)");
			evapi_relay("$var(ev)");
		}
		exit;
	}

	if (has_totag()) {
		# The caller's reports on a transfer this switch asked for (its REFER, route[REFER_CALLER]) are
		# the switch's: answered here, never passed on to the agent whose leg it hung up. (Transfers are
		# the console's to make; a phone's own REFER gets no reports.)
		if (is_method("NOTIFY") && $hdr(Event) =~ "^refer") {
			xlog("L_INFO", "call $ci: transfer progress from the caller's side: $(rb{line.at,0})\n");
			sl_send_reply("200", "OK");
			exit;
		}
		# Within a dialog: follow the route set (the BYE passes here, so the dialog module sees it).
		if (loose_route()) {
			# A request to a browser: its Contact's alias names the WebSocket connection.
			if (!isdsturiset()) handle_ruri_alias();
			if (is_method("BYE")) rtpengine_delete();
			if (is_method("INVITE") && has_body("application/sdp")) {
				route(HOLD_OR_RESUME);
				# A browser's re-offer (hold, resume) made plain RTP for the caller, and the caller's answer WebRTC again.
				if ($proto == "ws" || $proto == "wss") {
					if (rtpengine_offer("trust-address replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux")) $avp(answer_to_browser) = 1;
				} else if ($du =~ "transport=ws") {
					# The caller's own re-offer (a carrier's hold or session refresh) made WebRTC for the browser.
					if (rtpengine_offer("trust-address replace-origin replace-session-connection ICE=force DTLS=passive RTP/SAVPF rtcp-mux-offer rtcp-mux-require SDES-off")) $avp(answer_from_browser) = 1;
				}
				t_on_reply("OFFER_ANSWERED");
			}
			t_relay();
			exit;
		}
		if (is_method("ACK")) {
			if (t_check_trans()) t_relay();
			exit;
		}
		sl_send_reply("404", "Not Here");
		exit;
	}

	# A retransmission of a request already being handled is absorbed by its transaction.
	if (t_check_trans()) exit;

	if (is_method("REGISTER")) {
		route(AUTHENTICATE_REGISTER);
		if (!save("location")) {
			sl_reply_error();
			exit;
		}
		xlog("L_INFO", "registered $tu at $ct\n");
		exit;
	}

	if (!is_method("INVITE")) {
		sl_send_reply("405", "Method Not Allowed");
		exit;
	}

	if (!pike_check_req()) {
		xlog("L_WARN", "INVITE flood from $si: refused\n");
		append_to_reply("Retry-After: {{PIKE_UNIT_SECONDS}}\r\n");
		sl_send_reply("503", "Too Many Calls");
		exit;
	}

	if ($shv(evapi_links) <= 0) {
		xlog("L_WARN", "console not connected: call $ci refused\n");
		append_to_reply("Retry-After: 5\r\n");
		sl_send_reply("503", "Console Unavailable");
		exit;
	}

	# ---- Click-to-call (sip-outbound.ts): a browser, or anyone claiming to be one of our agents, calls out.
	if ($proto == "ws" || $proto == "wss" || $fd == "{{SIP_DOMAIN}}") {
		route(AGENT_CALL);
		exit;
	}
	# ---- end of click-to-call

	record_route();
	dlg_manage();
	t_newtran();
	# The caller hears ringback while the console finds an agent.
	t_reply("180", "Ringing");

	$var(ev) = "{}";
	jansson_set("string", "event", "invite", "$var(ev)");
	jansson_set("string", "callId", "$ci", "$var(ev)");
	jansson_set("string", "from", "$fU", "$var(ev)");
	jansson_set("string", "fromUri", "$fu", "$var(ev)");
	jansson_set("string", "fromName", "$fn", "$var(ev)");
	jansson_set("string", "to", "$tU", "$var(ev)");
	jansson_set("string", "source", "$si:$sp", "$var(ev)");
	# The methods the caller's side takes: a blind transfer needs it to take REFER.
	if (is_present_hf("Allow")) jansson_set("string", "allow", "$hdr(Allow)", "$var(ev)");
	# When the INVITE arrived (seconds.microseconds): the console measures its own share from here.
	jansson_set("string", "receivedAt", "$TV(Sn)", "$var(ev)");
	route(SUSPEND_FOR_CONSOLE);
	exit;
}

# A REGISTER without credentials is challenged (401); one whose credentials are not valid (wrong, expired)
# or are another agent's than the address it registers is refused (403). Nothing is logged of the password.
route[AUTHENTICATE_REGISTER] {
	if (!is_present_hf("Authorization")) {
		auth_challenge("{{SIP_DOMAIN}}", "1");
		exit;
	}
	autheph_www("{{SIP_DOMAIN}}");
	$var(rc) = $rc;
	# -4: the nonce expired, -5: no credentials for this realm: challenge again (a fresh nonce).
	if ($var(rc) == -4 || $var(rc) == -5) {
		auth_challenge("{{SIP_DOMAIN}}", "1");
		exit;
	}
	if ($var(rc) < 0) {
		xlog("L_WARN", "REGISTER $tu from $si:$sp refused: credentials of $au not valid ($var(rc))\n");
		sl_send_reply("403", "Forbidden");
		exit;
	}
	if (!autheph_check_to() || !autheph_check_from()) {
		xlog("L_WARN", "REGISTER $tu from $si:$sp refused: credentials of $au are for another address\n");
		sl_send_reply("403", "Forbidden: Not Your Address");
		exit;
	}
	consume_credentials();
}

# ---- Click-to-call (docs/telephony.md, "Outbound"). An agent's INVITE proves who sends it with the same
# ephemeral credentials the REGISTER used (407 challenge); then the console says whether that agent may
# call that number now (the contact the dialer holds for them), and the switch sends it to the trunk.
route[AGENT_CALL] {
	if (!is_present_hf("Proxy-Authorization")) {
		auth_challenge("{{SIP_DOMAIN}}", "1");
		exit;
	}
	autheph_proxy("{{SIP_DOMAIN}}");
	$var(rc) = $rc;
	if ($var(rc) == -4 || $var(rc) == -5) {
		auth_challenge("{{SIP_DOMAIN}}", "1");
		exit;
	}
	if ($var(rc) < 0) {
		xlog("L_WARN", "call out from $si:$sp refused: credentials of $au not valid ($var(rc))\n");
		sl_send_reply("403", "Forbidden");
		exit;
	}
	if (!autheph_check_from()) {
		xlog("L_WARN", "call out from $si:$sp refused: credentials of $au are not $fu's\n");
		sl_send_reply("403", "Forbidden: Not Your Address");
		exit;
	}
	consume_credentials();
	$var(trunk) = "{{TRUNK_URI}}";
	if ($var(trunk) == "") {
		sl_send_reply("403", "Forbidden (no-trunk)");
		exit;
	}
	record_route();
	dlg_manage();
	t_newtran();
	# Trying at once (RFC 3261 16.2: a proxy that may take over 200 ms says so): the console decides over the
	# network and, busy, may take longer than the phone's first retransmission (500 ms). Without it the phone
	# sends its INVITE again, and a retransmission that crosses the carrier's Ringing makes the switch repeat
	# that Ringing after the answer.
	t_reply("100", "Trying");
	# Kept with the transaction for the console's answer: the number, and whether media needs bridging to WebRTC.
	$avp(dialled) = $rU;
	$avp(agent_browser) = 0;
	if ($proto == "ws" || $proto == "wss") $avp(agent_browser) = 1;
	$var(ev) = "{}";
	jansson_set("string", "event", "outbound", "$var(ev)");
	jansson_set("string", "callId", "$ci", "$var(ev)");
	jansson_set("string", "agent", "$fU", "$var(ev)");
	jansson_set("string", "number", "$rU", "$var(ev)");
	jansson_set("string", "source", "$si:$sp", "$var(ev)");
	route(SUSPEND_FOR_CONSOLE);
}

route[AGENT_CALL_DECIDED] {
	if ($var(action) != "dial") {
		t_reply("403", "Forbidden ($var(reason))");
		exit;
	}
	$ru = "{{TRUNK_URI}}";
	$rU = $avp(dialled);
	# A browser offers WebRTC: the carrier gets plain RTP, and its answer is made WebRTC again (OFFER_ANSWERED).
	if ($avp(agent_browser) == 1 && has_body("application/sdp")) {
		if (rtpengine_offer("trust-address replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux")) {
			$avp(answer_to_browser) = 1;
			t_on_reply("OFFER_ANSWERED");
		}
	}
	# The carrier rings the customer for up to a minute; it must say Trying like any hop.
	t_set_fr(60000, {{TRYING_MS}});
	t_on_failure("TRUNK_FAILED");
	if (!t_relay()) {
		xlog("L_WARN", "call $ci: the trunk $ru is unreachable\n");
		t_reply("503", "Trunk Unreachable");
	}
}

# The carrier's final refusal (busy, no answer, unreachable): its code is only known here, so the console hears it from here.
failure_route[TRUNK_FAILED] {
	if ($avp(agent_browser) == 1) rtpengine_delete();
	$var(ev) = "{}";
	jansson_set("string", "event", "outbound-failed", "$var(ev)");
	jansson_set("string", "callId", "$ci", "$var(ev)");
	jansson_set("integer", "code", "$T_reply_code", "$var(ev)");
	evapi_relay("$var(ev)");
}
# ---- end of click-to-call

# Suspends the transaction and asks the console: its index and label are what t_continue needs.
route[SUSPEND_FOR_CONSOLE] {
	# A suspended transaction waits on tm's timers like a branch nobody answers: while the console looks
	# for an agent it may wait as long as the console lets a caller wait (the console ends it first).
	t_set_fr({{SUSPEND_MS}}, {{SUSPEND_MS}});
	jansson_set("integer", "tindex", "$T(id_index)", "$var(ev)");
	jansson_set("integer", "tlabel", "$T(id_label)", "$var(ev)");
	evapi_async_relay("$var(ev)");
	exit;
}

# The console's word on a suspended call.
event_route[evapi:message-received] {
	$var(tindex) = 0;
	$var(tlabel) = 0;
	$var(action) = "";
	$var(aor) = "";
	jansson_get("tindex", "$evapi(msg)", "$var(tindex)");
	jansson_get("tlabel", "$evapi(msg)", "$var(tlabel)");
	jansson_get("action", "$evapi(msg)", "$var(action)");
	jansson_get("aor", "$evapi(msg)", "$var(aor)");
	if ($var(action) == "refer") {
		route(REFER_CALLER);
		exit;
	}
	$var(reason) = "";
	jansson_get("reason", "$evapi(msg)", "$var(reason)");
	if (!t_continue("$var(tindex)", "$var(tlabel)", "DECIDED")) {
		xlog("L_INFO", "console decision for a transaction no longer waiting ($var(tindex):$var(tlabel))\n");
	}
}

# A blind transfer the console decided: the caller's side is sent a REFER to this switch's own address
# with the console's one-time token (sip:xfer-<token>@<address>, which its new INVITE brings back to the
# console), and the first agent's leg is hung up. The dialog module closes the caller's old leg itself
# once the REFER is answered.
route[REFER_CALLER] {
	$var(callid) = "";
	$var(ftag) = "";
	$var(ttag) = "";
	$var(token) = "";
	jansson_get("callId", "$evapi(msg)", "$var(callid)");
	jansson_get("fromTag", "$evapi(msg)", "$var(ftag)");
	jansson_get("toTag", "$evapi(msg)", "$var(ttag)");
	jansson_get("token", "$evapi(msg)", "$var(token)");
	if (!($var(token) =~ "^[0-9a-f]{24}$")) {
		xlog("L_WARN", "transfer of call $var(callid): a malformed token ignored\n");
		return;
	}
	$var(target) = "sip:xfer-" + $var(token) + "@{{SIP_ADDR}}:{{SIP_PORT}}";
	if (!dlg_get("$var(callid)", "$var(ftag)", "$var(ttag)")) {
		xlog("L_WARN", "transfer of call $var(callid): no such dialog (tags $var(ftag) / $var(ttag))\n");
		$var(ev) = "{}";
		jansson_set("string", "event", "refer-failed", "$var(ev)");
		jansson_set("string", "callId", "$var(callid)", "$var(ev)");
		evapi_relay("$var(ev)");
		return;
	}
	xlog("L_INFO", "call $var(callid): the caller is referred to $var(target)\n");
	dlg_refer("callee", "$var(target)");
	dlg_bye("callee");
}

route[DECIDED] {
	xlog("L_INFO", "call $ci: the console says $var(action) $var(aor)\n");
	# The caller hung up while the console was deciding.
	if (t_is_canceled() || $var(action) == "cancelled") {
		t_reply("487", "Request Terminated");
		exit;
	}
	# ---- Click-to-call's answers (sip-outbound.ts).
	if ($var(action) == "dial" || $var(action) == "forbidden") {
		route(AGENT_CALL_DECIDED);
		exit;
	}
	if ($var(action) == "relay") {
		# Kept with the transaction (an AVP): the failure route runs in whichever process gets the reply.
		$avp(agent_aor) = $var(aor);
		$ru = $var(aor);
		if (!lookup("location")) {
			route(AGENT_FAILED);
			exit;
		}
		# A browser speaks WebRTC (ICE, DTLS-SRTP): rtpengine bridges the caller's plain RTP to it.
		if ($du =~ "transport=ws" && has_body("application/sdp")) {
			if (rtpengine_offer("trust-address replace-origin replace-session-connection ICE=force DTLS=passive RTP/SAVPF rtcp-mux-offer rtcp-mux-require generate-mid SDES-off")) {
				t_on_reply("FROM_BROWSER");
			}
		}
		# The agent's phone gets the usual timers: Trying within fr_timer, an answer within the ring time.
		t_set_fr({{AGENT_RING_MS}}, {{TRYING_MS}});
		t_on_failure("AGENT_NO_ANSWER");
		if (!t_relay()) {
			xlog("L_WARN", "call $ci: relay to $ru failed\n");
			route(AGENT_FAILED);
		}
		exit;
	}
	if ($var(action) == "busy") {
		t_reply("486", "Busy Here");
		exit;
	}
	if ($var(action) == "unavailable") {
		t_reply("480", "Temporarily Unavailable");
		exit;
	}
	t_reply("503", "Service Unavailable");
}

# The agent's phone is not registered, refused or did not answer: the console decides again.
route[AGENT_FAILED] {
	xlog("L_INFO", "call $ci: $avp(agent_aor) did not take it ($T_reply_code), asking the console again\n");
	$var(ev) = "{}";
	jansson_set("string", "event", "agent-failed", "$var(ev)");
	jansson_set("string", "callId", "$ci", "$var(ev)");
	jansson_set("string", "aor", "$avp(agent_aor)", "$var(ev)");
	jansson_set("integer", "code", "$T_reply_code", "$var(ev)");
	route(SUSPEND_FOR_CONSOLE);
}

failure_route[AGENT_NO_ANSWER] {
	rtpengine_delete();
	if (t_is_canceled()) exit;
	route(AGENT_FAILED);
}

# A browser's answer names its made-up Contact: aliased to its WebSocket connection for the in-dialog
# requests, in the way the dialog module sees too (set_contact_alias, not add_contact_alias): the BYE the
# switch itself sends a browser (a transfer hanging up the first agent) must find its connection.
onreply_route {
	if (($proto == "ws" || $proto == "wss") && is_present_hf("Contact")) {
		if (!set_contact_alias()) xlog("L_WARN", "call $ci: the browser's Contact $ct could not be aliased\n");
	}
}

# A browser's answer (WebRTC) made plain RTP for the caller.
onreply_route[FROM_BROWSER] {
	if (has_body("application/sdp")) rtpengine_answer("trust-address replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux");
}

# A re-offer's direction says hold or resume (kept with the transaction, as AVPs, for its answer): an
# offer that stops the media (sendonly, inactive, or the old 0.0.0.0 address) holds, any other resumes.
route[HOLD_OR_RESUME] {
	$avp(hold) = "resumed";
	if (search_body("a=(sendonly|inactive)") || search_body("c=IN IP4 0\.0\.0\.0")) $avp(hold) = "held";
}

# The answer to a browser's call out or to a re-offer: the other side's made WebRTC for a browser, a
# browser's made plain RTP for the caller; a 2xx makes the hold or resume real,
# and the console hears of it with the switch's time (a retransmitted 2xx repeats its CSeq: told once).
onreply_route[OFFER_ANSWERED] {
	if ($avp(answer_to_browser) == 1 && has_body("application/sdp")) rtpengine_answer("trust-address replace-origin replace-session-connection ICE=force DTLS=passive RTP/SAVPF rtcp-mux-offer rtcp-mux-require SDES-off");
	if ($avp(answer_from_browser) == 1 && has_body("application/sdp")) rtpengine_answer("trust-address replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux");
	if ($rs =~ "^2" && $avp(hold) != $null) {
		$var(ev) = "{}";
		jansson_set("string", "event", "$avp(hold)", "$var(ev)");
		jansson_set("string", "callId", "$ci", "$var(ev)");
		jansson_set("integer", "cseq", "$cs", "$var(ev)");
		jansson_set("string", "at", "$TV(Sn)", "$var(ev)");
		evapi_relay("$var(ev)");
	}
}

# Browsers open their WebSocket here (HTTP GET with Upgrade); nothing else is served over HTTP.
event_route[xhttp:request] {
	set_reply_close();
	set_reply_no_connect();
	# A browser names the page that opens the socket: only the console's own pages may open one. A client
	# with no Origin is not a browser (a desk phone over WebSocket) and still has to register with credentials.
	if (is_present_hf("Origin") && !in_list("$hdr(Origin)", "{{WS_ORIGINS}}", ",")) {
		xlog("L_WARN", "WebSocket from $si:$sp refused: origin $hdr(Origin) is not the console's\n");
		xhttp_reply("403", "Forbidden", "", "");
		exit;
	}
	if ($hdr(Upgrade) =~ "websocket" && $hdr(Connection) =~ "Upgrade" && $rm =~ "GET") {
		if (ws_handle_handshake()) exit;
	}
	xhttp_reply("404", "Not Found", "", "");
}

event_route[dialog:start] {
	route(DIALOG_EVENT_ANSWERED);
}

route[DIALOG_EVENT_ANSWERED] {
	$var(ev) = "{}";
	jansson_set("string", "event", "answered", "$var(ev)");
	jansson_set("string", "callId", "$dlg(callid)", "$var(ev)");
	# The dialog's tags (from the answer being processed: the dialog's own To tag is not filled in yet
	# here): the console names the dialog by them to transfer it.
	jansson_set("string", "fromTag", "$ft", "$var(ev)");
	jansson_set("string", "toTag", "$tt", "$var(ev)");
	evapi_relay("$var(ev)");
}

event_route[dialog:end] {
	$var(ev) = "{}";
	jansson_set("string", "event", "ended", "$var(ev)");
	jansson_set("string", "callId", "$dlg(callid)", "$var(ev)");
	evapi_relay("$var(ev)");
}

event_route[dialog:failed] {
	$var(ev) = "{}";
	jansson_set("string", "event", "failed", "$var(ev)");
	jansson_set("string", "callId", "$dlg(callid)", "$var(ev)");
	jansson_set("integer", "code", "$T_reply_code", "$var(ev)");
	evapi_relay("$var(ev)");
}

event_route[evapi:connection-new] {
	$shv(evapi_links) = $shv(evapi_links) + 1;
	xlog("L_INFO", "console connected from $evapi(srcaddr):$evapi(srcport)\n");
}

event_route[evapi:connection-closed] {
	$shv(evapi_links) = $shv(evapi_links) - 1;
	xlog("L_INFO", "console disconnected\n");
}
