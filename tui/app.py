"""The Textual app. Built by ``make_app``, which the CLI and the tests both call.

The app owns what outlives a screen: the session (store, annotator, labels, the one undo history,
the entity index). Screens ask for navigation with messages (``tui.messages``) and the app pushes
the screen; undo and redo are the app's keys, so they work the same on every screen and across
articles: undoing a step made in another article opens that article there.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.actions import ActionParseResult
from textual.app import App
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.widgets import Input
from textual.worker import WorkerFailed

from annotations import keymap
from annotations.errors import HasiyeError
from annotations.history import Step
from annotations.model import DEFAULT_GOLD, DEFAULT_LABELS, Label
from annotations.safe_text import visible_text
from annotations.entity_names import EntityNames
from annotations.session import Session
from annotations.store import Store
from annotations.titles import STANDARD_TITLES, Titles
from tui.crash_log import crash_line, write_crash_log
from tui.database_wait import LOCK_WAIT_SECONDS, DatabaseWait
from tui.dialogs.help import HelpScreen
from tui.keys import bindings
from tui.messages import (
    ArticleFinished,
    DatabaseWaiting,
    OpenAdjudication,
    OpenAgreement,
    OpenArticle,
    OpenClusters,
    OpenEntities,
    OpenExport,
    OpenSearch,
    StoreChanged,
)
from tui.screens.library import LibraryScreen

# The other screens are imported when first opened (in the handlers below): the annotator's text
# area, the export and the entity screens cost ~0.4 s of imports the start from the shell need
# not pay.


class HasiyeApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "hasiye"
    BINDINGS = bindings(keymap.APP)

    def __init__(self, session: Session, notice: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.notice = notice
        self.sub_title = visible_text(str(session.store.path))
        # Never wait on the event loop for another process's lock: retry from a timer instead.
        session.store.wait_for_lock(LOCK_WAIT_SECONDS)
        self.database_wait = DatabaseWait(self, self._show_waiting)

    @property
    def store(self) -> Store:
        return self.session.store

    @property
    def annotator(self) -> str:
        return self.session.annotator

    @property
    def labels(self) -> tuple[Label, ...]:
        return self.session.labels

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification (screens' and widgets' too come here) is plain text: a name or a
        surface from the data in it is never markup and never reaches the terminal raw."""
        super().notify(  # markup=False below: never parsed
            visible_text(message),
            title=visible_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # Unexpected errors ------------------------------------------------------------------------

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Any = None,
    ) -> bool:
        """Every key and click runs through here: an unexpected error inside an action becomes a
        notification naming the crash log, and the app keeps running."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            line = crash_line(error, write_crash_log(error))
            self.notify(line, markup=False, title="Not done", severity="error", timeout=15)
            return True

    crash_message: str | None = None

    def _handle_exception(self, error: Exception) -> None:
        """A background task that broke (a worker: a search, a measurement, a listing) is a
        notification naming the crash log, which holds the task's own traceback, and the app
        keeps running. Any other error outside an action still ends the app (Textual's rule);
        its traceback goes to the crash log, not the terminal: ``crash_message`` is the one line
        the CLI prints, and the process exits non-zero (``return_code``)."""
        if isinstance(error, WorkerFailed) and isinstance(error.error, Exception):
            line = crash_line(error.error, write_crash_log(error.error))
            self.notify(line, markup=False, title="Not done", severity="error", timeout=15)
            return
        self.crash_message = crash_line(error, write_crash_log(error))
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Textual's own would print the traceback with its local variables (article text
        # among them) to the terminal.
        self.bell()
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen())
        if self.notice:
            self.notify(self.notice, title="Seeds imported", timeout=8, markup=False)
        self._build_entity_index()

    @work(thread=True, exclusive=True, group="entity-index")
    def _build_entity_index(self) -> None:
        """The matching index, built off the UI thread before the first link needs it (seconds
        over 100,000 entities). A worker opens its own connection to the database."""
        with Store(self.store.path, annotator=self.annotator) as store:
            built = EntityNames.read(store, self.session.titles)
        self.call_from_thread(self.session.adopt_entities, built)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit":
            # q is a priority binding so that it quits from anywhere, but a q typed into a text
            # field (find, filter) is a letter.
            return not isinstance(self.focused, Input)
        if action in ("undo", "redo"):
            # A dialog shows a snapshot of the store it cannot refresh: close it first.
            return not isinstance(self.screen, ModalScreen)
        return True

    # Navigation ---------------------------------------------------------------------------------

    def on_open_article(self, message: OpenArticle) -> None:
        from tui.screens.annotator import AnnotatorScreen

        screen = AnnotatorScreen(message.article_id, message.start_at, message.layer)
        if message.replace:
            self.switch_screen(screen)
        elif self._search_from_an_article():
            # A hit opens in place of the search and the article it was searched from: escape
            # then goes back to the library, as the annotator's footer says, not through every
            # article searched from.
            self.pop_screen()
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _search_from_an_article(self) -> bool:
        from tui.screens.annotator import AnnotatorScreen
        from tui.screens.search import SearchScreen

        stack = self.screen_stack
        return (
            len(stack) > 1
            and isinstance(stack[-1], SearchScreen)
            and isinstance(stack[-2], AnnotatorScreen)
        )

    def on_open_search(self, message: OpenSearch) -> None:
        from tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(message.query))

    def on_open_entities(self, message: OpenEntities) -> None:
        from tui.screens.entities import EntitiesScreen

        self.push_screen(EntitiesScreen())

    def on_open_export(self, message: OpenExport) -> None:
        from tui.dialogs.export import ExportDialog

        self.push_screen(ExportDialog())

    def on_open_adjudication(self, message: OpenAdjudication) -> None:
        from tui.screens.adjudication import AdjudicationScreen

        self.push_screen(AdjudicationScreen(message.article_id, self.session.gold))

    def on_open_agreement(self, message: OpenAgreement) -> None:
        from tui.screens.agreement import AgreementScreen

        self.push_screen(AgreementScreen())

    def on_open_clusters(self, message: OpenClusters) -> None:
        from tui.screens.clusters import ClustersScreen

        self.push_screen(ClustersScreen(message.clusters))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    # Undo and redo ------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self._step_through_history("undo")

    def action_redo(self) -> None:
        self._step_through_history("redo")

    def _step_through_history(self, direction: str) -> None:
        history = self.session.history
        if not (history.done if direction == "undo" else history.undone):
            self.notify(f"Nothing to {direction}", timeout=2, markup=False)
            return

        def failed(error: HasiyeError) -> None:
            self.notify(str(error), severity="error", title="Not saved", markup=False)
            self.screen.post_message(StoreChanged(direction))

        def done(step: Step | None) -> None:
            assert step is not None
            verb = "Undone" if direction == "undo" else "Redone"
            self.notify(f"{verb}: {step.what}", timeout=2, markup=False)
            self._show_step(step, direction)

        step_through = history.undo if direction == "undo" else history.redo
        self.database_wait.run(direction, step_through, done, failed)

    def _show_waiting(self, what: str | None) -> None:
        if what is not None:
            message = (
                f"Another hasiye is writing to the database: {what!r} is saved as soon as it "
                "is done (escape cancels)"
            )
            title = "Waiting for the database"
            self.notify(message, markup=False, title=title, severity="warning", timeout=4)
        self.screen.post_message(DatabaseWaiting(what))

    # Pre-annotation -----------------------------------------------------------------------------

    def on_article_finished(self, message: ArticleFinished) -> None:
        if self.session.article_finished():
            self._retrain()

    @work(thread=True, exclusive=True, group="retraining", exit_on_error=False)
    def _retrain(self) -> None:
        """Retrain the annotator's model (if there is one) on the gold as it is now, with its own
        connection, off the UI thread (crfsuite trains in C: typing goes on); the annotator then
        proposes with it."""
        from annotations.pre_annotation import train
        from annotations.preannotating import score_unfinished

        session = self.session
        with Store(self.store.path, annotator=session.annotator) as store:
            if store.latest_model_id(session.annotator) is None:
                return  # opt-in: only once `hasiye train` made a first model
            try:
                result = train(store, session.annotator, titles=session.titles, evaluate=False)
            except HasiyeError:
                return  # no gold yet: the next article marked done tries again
            record = store.save_model(result.record)
            self.call_from_thread(self._retrained, record.id, record.sentences)
            # Then the library's "uncertain" order: the new model's doubt about what is left.
            score_unfinished(store, session.annotator, session.titles)

    def _retrained(self, model_id: int | None, sentences: int) -> None:
        message = f"model {model_id} retrained on {sentences} gold sentences"
        self.notify(message, markup=False, timeout=3)
        refresh = getattr(self.screen, "refresh_model_proposals", None)
        if refresh is not None:
            refresh()

    def _show_step(self, step: Step, direction: str) -> None:
        """An annotator showing another article than the step's opens the step's article there;
        any other screen shows the store as it is now."""
        from tui.screens.annotator import AnnotatorScreen

        screen = self.screen
        elsewhere = step.article_id is not None and step.article_id != getattr(
            screen, "article_id", step.article_id
        )
        if isinstance(screen, AnnotatorScreen) and elsewhere:
            assert step.article_id is not None
            opened = AnnotatorScreen(step.article_id, start_at=step.offset)
            self.switch_screen(opened)
            # Its "saved" corner says what was saved there, as after an undo in the same article.
            self.call_after_refresh(opened.post_message, StoreChanged(direction))
            return
        screen.post_message(StoreChanged(direction))


def make_app(
    store: Store,
    annotator: str,
    notice: str | None = None,
    labels: tuple[Label, ...] = DEFAULT_LABELS,
    titles: Titles = STANDARD_TITLES,
    gold: str = DEFAULT_GOLD,
) -> HasiyeApp:
    session = Session(store, annotator, labels, titles)
    session.gold = gold
    return HasiyeApp(session, notice=notice)
