#!/usr/bin/env bash
# Regenerates the README pictures in docs/screens/*.txt: the demo (the simulated homelab)
# run in a real terminal (tmux on a private socket), captured as plain text after the data
# has arrived. Run it after any change to the screens:  scripts/screenshots.sh
#
# Captures: the dashboard at 200×50 and 80×24; the action menu at 80×24; each --pane at 80×24
# and the guests pane at its 40×8 minimum; the snapshot tree, a guest's backups, the BACKUP
# column and the backup audit; the demo fleet at 120×30; a deploy in progress and finished
# (`proxdeck --demo deploy postgresql --yes`); the 3-node cluster demo (`--demo-cluster`): its
# dashboard, the ZFS pane by node, the node picker and the console narrowed to one node.
# Needs tmux and node; builds the single file into a temporary directory first.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/docs/screens"
work="$(mktemp -d "${TMPDIR:-/tmp}/pd-shots.XXXXXX")"
socket="pd-shots-$$"
trap 'tmux -L "$socket" kill-server >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

command -v tmux >/dev/null || { echo "screenshots: tmux is not installed" >&2; exit 1; }
node "$root/scripts/build.mjs" --outfile "$work/proxdeck.mjs"
mkdir -p "$out"
# One idle session keeps the tmux server up between captures (killing the last session ends
# the server, and the next new-session can race its shutdown).
tmux -L "$socket" new-session -d -s keep -x 20 -y 5 "sleep 900"

# Ink prints only the last frame when CI is set; UTF-8 for the glyphs. The demo remembers
# between commands in its state directory: a private one here, never the user's.
app="env -u CI LANG=C.UTF-8 TZ=UTC XDG_STATE_HOME=$work/state node $work/proxdeck.mjs"

# start <session> <cols> <rows> <args...>: the app in a new detached session of that size.
start() {
	local session="$1" cols="$2" rows="$3"
	shift 3
	tmux -L "$socket" new-session -d -s "$session" -x "$cols" -y "$rows" -c "$work" "$app $*; sleep 600"
}

# wait_for <session> <extended regex> [seconds]: until the screen matches.
wait_for() {
	local session="$1" pattern="$2" limit="${3:-30}" i
	for ((i = 0; i < limit * 10; i++)); do
		if tmux -L "$socket" capture-pane -p -t "$session" | grep -Eq -- "$pattern"; then return 0; fi
		sleep 0.1
	done
	echo "screenshots: timed out waiting for /$pattern/ in $session:" >&2
	tmux -L "$socket" capture-pane -p -t "$session" >&2
	return 1
}

# save <session> <name>: the screen as text, trailing spaces and blank lines removed.
save() {
	tmux -L "$socket" capture-pane -p -t "$1" | sed -e 's/[[:space:]]*$//' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}' >"$out/$2.txt"
	echo "wrote docs/screens/$2.txt"
	tmux -L "$socket" kill-session -t "$1"
}

# shot <session> <name>: like save, but the session goes on (for several captures of one console).
shot() {
	tmux -L "$socket" capture-pane -p -t "$1" | sed -e 's/[[:space:]]*$//' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}' >"$out/$2.txt"
	echo "wrote docs/screens/$2.txt"
}

# A few refreshes first, so CPU figures, trends and the log tail have something to show.
SETTLE=5

start dash-wide 200 50 --demo
wait_for dash-wide '4 Logs' && sleep "$SETTLE" && save dash-wide dashboard-200x50

start dash-small 80 24 --demo
wait_for dash-small '1 Guests' && sleep "$SETTLE" && save dash-small dashboard-80x24

# The action menu (a) on the selected guest, at 80×24.
start action-menu 80 24 --demo
wait_for action-menu '1 Guests' && sleep 2
tmux -L "$socket" send-keys -t action-menu j j j j j a && wait_for action-menu 'Actions: ' && save action-menu action-menu-80x24

for pane in guests zfs network logs; do
	start "pane-$pane" 80 24 --demo --pane "$pane"
	wait_for "pane-$pane" 'connected' && sleep "$SETTLE" && save "pane-$pane" "pane-$pane-80x24"
done

start pane-tiny 40 8 --demo --pane guests
wait_for pane-tiny 'connected' && sleep "$SETTLE" && save pane-tiny pane-guests-40x8

# The safety net in the console: opnsense's snapshot tree (:snapshots 300), immich's backups
# with the audit's verdict (:backups 105), and the guests pane zoomed with its BACKUP column.
start safety 120 30 --demo
wait_for safety '1 Guests' && sleep 2
tmux -L "$socket" send-keys -t safety ':' && tmux -L "$socket" send-keys -t safety -l 'snapshots 300' && tmux -L "$socket" send-keys -t safety Enter
wait_for safety 'current \(running\)' && sleep 1 && shot safety snapshots-tree
tmux -L "$socket" send-keys -t safety Escape && sleep 0.3
tmux -L "$socket" send-keys -t safety ':' && tmux -L "$socket" send-keys -t safety -l 'backups 105' && tmux -L "$socket" send-keys -t safety Enter
wait_for safety 'was ever verified' && sleep 1 && shot safety backups-list
tmux -L "$socket" send-keys -t safety Escape && sleep 0.3 && tmux -L "$socket" send-keys -t safety '+'
wait_for safety 'BACKUP' && wait_for safety ' none ' && sleep 1 && save safety guests-backup-column

# The backup audit from the command line, for a few guests of each kind.
start audit 200 50 --demo health 103 105 107 115 117 121
wait_for audit 'pass, .* fail' && save audit audit-health

# The fleet: the demo's three simulated homelabs in one console.
start fleet 120 30 --demo-fleet
wait_for fleet 'offsite' && sleep "$SETTLE" && save fleet fleet-120x30

# A deploy from the command line: captured while the health probes run, and when done.
# The same deploy from the console: d (catalog picker), Enter (postgresql), Tab Enter (Deploy
# in the confirm dialog); captured while the job panel waits for the health probes.
start console-deploy 120 40 --demo
wait_for console-deploy '1 Guests' && sleep 2
tmux -L "$socket" send-keys -t console-deploy d && sleep 0.5
tmux -L "$socket" send-keys -t console-deploy Enter && wait_for console-deploy 'Deploy \]'
tmux -L "$socket" send-keys -t console-deploy Tab && sleep 0.3 && tmux -L "$socket" send-keys -t console-deploy Enter
wait_for console-deploy 'health .*waiting' 30 && save console-deploy console-deploy-in-progress

# --demo-reset: the console's deploy above left guest 200 behind, and this one starts afresh.
start deploy 120 20 --demo-reset deploy postgresql --yes
wait_for deploy 'post-deploy' && sleep 1 && tmux -L "$socket" capture-pane -p -t deploy | sed -e 's/[[:space:]]*$//' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}' >"$out/deploy-in-progress.txt"
echo "wrote docs/screens/deploy-in-progress.txt"
wait_for deploy 'deployed:' 60 && save deploy deploy-done

# Vertical scaling's plan: the preflight with its numbers, the snapshot first, what applies live.
start set-plan 200 20 --demo set 110 --memory 2048 --cores 2 --dry-run
wait_for set-plan 'dry run' && save set-plan set-dry-run

# The cluster demo: the dashboard, the ZFS pane zoomed (pools by node), the node picker (n),
# and every pane narrowed to pve2 (Down, Enter in the picker).
start cluster 200 50 --demo-cluster
wait_for cluster '4 Logs' && sleep "$SETTLE" && save cluster cluster-200x50
start cluster-zfs 100 30 --demo-cluster --pane zfs
wait_for cluster-zfs '── pve3' && sleep "$SETTLE" && save cluster-zfs cluster-zfs-100x30
start cluster-picker 80 24 --demo-cluster
wait_for cluster-picker '1 Guests' && sleep 2
tmux -L "$socket" send-keys -t cluster-picker n && wait_for cluster-picker 'every node' && save cluster-picker cluster-node-picker
start cluster-nodes 200 50 --demo-cluster
wait_for cluster-nodes '4 Logs' && sleep 2
tmux -L "$socket" send-keys -t cluster-nodes n && wait_for cluster-nodes 'every node'
tmux -L "$socket" send-keys -t cluster-nodes Down && sleep 0.3 && tmux -L "$socket" send-keys -t cluster-nodes Enter
wait_for cluster-nodes '\[node pve2\]' && sleep "$SETTLE" && save cluster-nodes cluster-narrowed-200x50
node "$(dirname "$0")/update-readme-screens.mjs" && echo "updated the README's captures"
