// @ts-check
// The small helpers every script here uses: printing a line, waiting, ports, processes, /proc.
'use strict';
const fs = require('node:fs');
const net = require('node:net');

/** @param {string} text */
const say = (text) => {
	process.stdout.write(`${text}\n`);
};

/** @param {number} ms @returns {Promise<void>} */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it gives a truthy value (returned), or fails after `timeoutMs`.
 * @template T
 * @param {string} what what is awaited, for the error
 * @param {() => Promise<T | undefined | null | false> | T | undefined | null | false} probe
 * @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
async function waitFor(what, probe, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(250);
	}
}

/** A TCP port on 127.0.0.1 that nothing listens on now. @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether something accepts connections on 127.0.0.1:`port`. @param {number} port @returns {Promise<boolean>} */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Whether a process with this PID is running. @param {number} pid */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Sends a signal to a PID (or to a process group, given a negative PID); a process already gone is fine. @param {number} pid @param {NodeJS.Signals} signal */
function signalPid(pid, signal) {
	try {
		process.kill(pid, signal);
	} catch {
		// already gone
	}
}

/**
 * @typedef {{ ppid: number; pgid: number; args: string }} ProcessInfo
 */

/** One process as /proc tells it, or undefined when it is gone. @param {number} pid @returns {ProcessInfo | undefined} */
function processInfo(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// pid (comm) state ppid pgrp …: comm may hold spaces, so read after its closing parenthesis
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		return { ppid: Number(fields[1]), pgid: Number(fields[2]), args };
	} catch {
		return undefined;
	}
}

/** Every running process, from /proc. @returns {Map<number, ProcessInfo>} */
function processTable() {
	/** @type {Map<number, ProcessInfo>} */
	const table = new Map();
	for (const name of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
		if (!/^\d+$/.test(name)) continue;
		const info = processInfo(Number(name));
		if (info) table.set(Number(name), info);
	}
	return table;
}

/** The message of whatever was thrown. @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));

module.exports = {
	alive,
	freePort,
	messageOf,
	portInUse,
	processInfo,
	processTable,
	say,
	signalPid,
	sleep,
	waitFor,
};
