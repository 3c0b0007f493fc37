// The syntax tree as a Thompson automaton (a Pike VM): every state visited at most once per position of the text.

import { type CharTest, isWordChar, type Node, NotLinear } from './syntax';

/** Most states of a compiled pattern (counted repetitions are unrolled) */
const MAX_PROGRAM_SIZE = 300;

type Instruction =
	| { op: 'char'; test: CharTest }
	| { op: 'split'; first: number; second: number }
	| { op: 'jump'; to: number }
	| { op: 'assert'; at: 'start' | 'end' | 'boundary' | 'notBoundary' }
	| { op: 'match' };

/** Thompson's construction: the syntax tree as a program of states */
export function compile(root: Node): Instruction[] {
	const program: Instruction[] = [];
	const emit = (instruction: Instruction): number => {
		if (program.length >= MAX_PROGRAM_SIZE) throw new NotLinear('too large');
		program.push(instruction);
		return program.length - 1;
	};
	const walk = (node: Node): void => {
		switch (node.kind) {
			case 'char':
				emit({ op: 'char', test: node.test });
				return;
			case 'assert':
				emit({ op: 'assert', at: node.at });
				return;
			case 'sequence':
				for (const part of node.parts) walk(part);
				return;
			case 'choice': {
				const jumps: number[] = [];
				node.options.forEach((option, i) => {
					if (i < node.options.length - 1) {
						const split = emit({ op: 'split', first: 0, second: 0 });
						(program[split] as { first: number }).first = program.length;
						walk(option);
						jumps.push(emit({ op: 'jump', to: 0 }));
						(program[split] as { second: number }).second = program.length;
					} else walk(option);
				});
				for (const jump of jumps) (program[jump] as { to: number }).to = program.length;
				return;
			}
			case 'repeat': {
				for (let i = 0; i < node.min; i++) walk(node.body);
				if (node.max === Infinity) {
					const split = emit({ op: 'split', first: 0, second: 0 });
					(program[split] as { first: number }).first = program.length;
					walk(node.body);
					emit({ op: 'jump', to: split });
					(program[split] as { second: number }).second = program.length;
				} else {
					const splits: number[] = [];
					for (let i = node.min; i < node.max; i++) {
						const split = emit({ op: 'split', first: 0, second: 0 });
						(program[split] as { first: number }).first = program.length;
						splits.push(split);
						walk(node.body);
					}
					for (const split of splits)
						(program[split] as { second: number }).second = program.length;
				}
				return;
			}
		}
	};
	walk(root);
	emit({ op: 'match' });
	return program;
}

/** States visited by every match so far: a test shows the work stays within the program's size per position */
let visited = 0;
export const statesVisited = (): number => visited;

/** Whether the program matches somewhere in the text: every state is visited at most once per position. */
export function run(program: Instruction[], text: string): boolean {
	const size = program.length;
	const seen = new Int32Array(size).fill(-1);
	let current: number[] = [];
	let next: number[] = [];
	const stack: number[] = [];
	const boundaryAt = (pos: number): boolean =>
		(pos > 0 && isWordChar(text.charCodeAt(pos - 1))) !==
		(pos < text.length && isWordChar(text.charCodeAt(pos)));
	/** Adds a state and every state it reaches without reading a character, as seen at `pos` */
	const add = (list: number[], start: number, pos: number, mark: number): boolean => {
		stack.push(start);
		while (stack.length > 0) {
			const pc = stack.pop()!;
			if (seen[pc] === mark) continue;
			seen[pc] = mark;
			visited++;
			const instruction = program[pc];
			switch (instruction.op) {
				case 'match':
					stack.length = 0;
					return true;
				case 'jump':
					stack.push(instruction.to);
					break;
				case 'split':
					stack.push(instruction.second, instruction.first);
					break;
				case 'assert': {
					const at = instruction.at;
					const holds =
						at === 'start'
							? pos === 0
							: at === 'end'
								? pos === text.length
								: boundaryAt(pos) === (at === 'boundary');
					if (holds) stack.push(pc + 1);
					break;
				}
				case 'char':
					list.push(pc);
					break;
			}
		}
		return false;
	};
	for (let pos = 0; pos <= text.length; pos++) {
		// a match may start at any position: the first state joins the threads already under way
		if (add(current, 0, pos, pos)) return true;
		if (pos === text.length) break;
		const code = text.charCodeAt(pos);
		next.length = 0;
		for (const pc of current) {
			const instruction = program[pc] as { test: CharTest };
			if (instruction.test(code) && add(next, pc + 1, pos + 1, pos + 1)) return true;
		}
		[current, next] = [next, current];
	}
	return false;
}
