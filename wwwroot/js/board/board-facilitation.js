// The facilitation state of one mounted board: locks from the hub (on join and on LocksChanged), the voting round
// from the room page (setFacilitation), and this person's votes from the hub (CastVote, GetMyVotes).

import { findLockProblem, normalizeLocks, NO_LOCKS, votesToShow } from "./facilitation.js";
import { renderFacilitation } from "./facilitation-render.js";

export class BoardFacilitation {
    constructor(controller) {
        this.controller = controller;
        this.locks = NO_LOCKS;
        this.isFacilitator = false;
        this.vote = null;
        this.myVotes = null;
    }

    get boardId() {
        return this.controller.options.boardId;
    }

    /** Takes the locks and the facilitator flag of a JoinBoard result, and reloads this person's votes. */
    onJoined(result) {
        this.isFacilitator = Boolean(result.isFacilitator);
        this.locks = result.locks && result.locks.boardId === this.boardId ? normalizeLocks(result.locks) : NO_LOCKS;
        this.showLocks();
        this.reloadMyVotes();
    }

    /** Takes a LocksChanged broadcast, which may be about another board of the room. */
    onLocksChanged(locks) {
        if (locks?.boardId !== this.boardId) {
            return;
        }
        this.locks = normalizeLocks(locks);
        this.showLocks();
    }

    /** Takes the room's FacilitationView from the page; only its voting round matters to the board. */
    setView(view) {
        const previous = this.vote;
        this.vote = view?.vote ?? null;
        const newRound = this.vote?.isOpen && this.vote.id !== previous?.id;
        if (newRound || !this.vote?.isOpen) {
            this.setMyVotes(null);
        }
        if (newRound) {
            this.reloadMyVotes();
        }
        this.draw();
    }

    /** Returns why the changes cannot be made because of a lock, or null. */
    findProblem(changes) {
        return findLockProblem(this.locks, changes, this.controller.display(), this.isFacilitator);
    }

    /** Returns the lock message for moving `ids`, or null when none is locked. */
    findMoveProblem(ids) {
        return this.findProblem([...ids].map(id => ({ kind: "update", id })));
    }

    async castVote(elementId, delta) {
        const c = this.controller;
        try {
            this.setMyVotes(await c.connection.castVote(elementId, delta));
        } catch (error) {
            c.showStatusMessage(error.message);
            c.call("OnRejected", error.message);
        }
        this.draw();
    }

    async reloadMyVotes() {
        if (!this.vote?.isOpen || this.vote.boardId !== this.boardId || !this.controller.connection) {
            return;
        }
        const votes = await this.controller.connection.getMyVotes();
        if (votes && votes.voteRoundId === this.vote?.id) {
            this.setMyVotes(votes);
            this.draw();
        }
    }

    setMyVotes(votes) {
        this.myVotes = votes;
        this.controller.call("OnMyVotesChanged", votes);
    }

    /** Forgets the previous board's locks and votes after switchBoard; the next join brings the new board's. */
    reset() {
        this.locks = NO_LOCKS;
        this.setMyVotes(null);
        this.showLocks();
    }

    showLocks() {
        this.controller.host.classList.toggle("fwb-locked", this.locks.boardLocked && !this.isFacilitator);
        this.draw();
    }

    draw() {
        const c = this.controller;
        renderFacilitation(
            c.renderer.facilitationLayer, c.display(), this.locks, votesToShow(this.vote, this.myVotes, this.boardId), c.renderer.viewport.scale);
    }
}
