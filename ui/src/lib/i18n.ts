/** UI strings in English and Korean. Both tables have exactly the same keys (checked by a unit test). */

export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['en', 'ko'];

/** A message is a string, or plural forms chosen by Intl.PluralRules for the `count` parameter. */
export type Message = string | { one?: string; other: string };

const en = {
  'app.name': 'Haru',
  'app.tagline': 'A quiet place for your days',

  'sidebar.label': 'Diary navigation',
  'main.label': 'Writing',

  'calendar.label': 'Calendar',
  'calendar.prevMonth': 'Previous month',
  'calendar.nextMonth': 'Next month',
  'calendar.today': 'Today',
  'calendar.goToToday': 'Go to today',
  'calendar.entries': { one: '{count} entry', other: '{count} entries' },

  'entries.label': 'Entries of the day',
  'entries.empty': 'Nothing written on this day yet.',
  'entries.startWriting': 'Start writing',
  'entries.loading': 'Loading…',
  'entries.words': { one: '{count} word', other: '{count} words' },
  'entries.untitled': '(empty)',
  'entries.count': { one: '{count} entry', other: '{count} entries' },

  'search.label': 'Search your diary',
  'search.placeholder': 'Search',
  'search.clear': 'Clear search',
  'search.searching': 'Searching…',
  'search.noResults': 'Nothing matches “{query}”.',
  'search.results': { one: '{count} result', other: '{count} results' },
  'search.resultsLabel': 'Search results',
  'search.filters': 'Filters',
  'search.filtersLabel': 'Search filters',
  'search.filtersActive': { one: '{count} filter on', other: '{count} filters on' },
  'search.emotion': 'Feeling',
  'search.anyFeeling': 'Any feeling',
  'search.from': 'From',
  'search.to': 'To',
  'search.clearFilters': 'Clear filters',
  'search.noFilterResults': 'No entries match these filters.',

  'editor.label': 'Diary entry',
  'editor.placeholder': 'How was your day?',
  'editor.newEntry': 'New entry',
  'editor.delete': 'Delete entry',
  'editor.words': { one: '{count} word', other: '{count} words' },
  'editor.chars': { one: '{count} character', other: '{count} characters' },
  'editor.writtenAt': 'Written at {time}',
  'editor.newDraft': 'New page',

  'status.saved': 'Saved',
  'status.saving': 'Saving…',
  'status.error': 'Not saved: {message}',
  'status.emptyPending': 'Empty — removed when you leave this entry',
  'status.idle': 'Nothing to save yet',

  'delete.title': 'Delete this entry?',
  'delete.body': 'The entry of {date} will be moved out of your diary. You can undo this for a few seconds.',
  'delete.confirm': 'Delete',
  'delete.cancel': 'Cancel',

  'toast.deleted': 'Entry deleted',
  'toast.undo': 'Undo',
  'toast.restored': 'Entry restored',
  'toast.dismiss': 'Dismiss',
  'toast.error': 'Something went wrong: {message}',
  'toast.unsavedOnClose': 'Not saved: {message}. Close again to quit anyway.',

  'settings.open': 'Settings',
  'settings.title': 'Settings',
  'settings.language': 'Language',
  'settings.languageSystem': 'System',
  'settings.theme': 'Appearance',
  'settings.themeSystem': 'System',
  'settings.themeLight': 'Light',
  'settings.themeDark': 'Dark',
  'settings.storage': 'Your diary is stored in',
  'settings.version': 'Version {version}',
  'settings.close': 'Close settings',
  'settings.care': 'Gentle care notes',
  'settings.careHint': 'A quiet note when the last days seem to have been heavy.',

  'care.label': 'A gentle note',
  'care.title': 'Take care of yourself',
  'care.body':
    'The last few days seem to have been heavy. Writing it down already takes courage. If it would help to talk to someone, you could reach out to a person you trust, or to a counselling service near you.',
  'care.resourcesLabel': 'If you want to talk to someone',
  'care.resourceKorea': 'Korea: 109 (suicide prevention, 24 h), 1577-0199 (mental health crisis line)',
  'care.resourceElsewhere': 'Elsewhere: your local emergency number or a doctor',
  'care.resourceUrgent': 'If you ever feel unsafe, please call your local emergency number.',
  'care.dismiss': 'Thanks, hide for a week',
  'care.off': 'Turn these notes off',

  'help.open': 'Keyboard shortcuts',
  'help.title': 'Keyboard shortcuts',
  'help.close': 'Close',
  'help.calendarKeys': 'Arrow keys move through the calendar, Page Up / Page Down change month.',

  'shortcut.newEntry': 'New entry',
  'shortcut.search': 'Search',
  'shortcut.prevDay': 'Previous day',
  'shortcut.nextDay': 'Next day',
  'shortcut.undoDelete': 'Undo delete',
  'shortcut.escape': 'Close dialog · clear search',
  'shortcut.history': 'Diary / emotion history',

  'fatal.title': 'Haru can’t open your diary',
  'fatal.guidance': 'Haru did not change this file. Restore it from a backup or move it away, then start Haru again.',
  'fatal.code': 'Error code: {code}',
  'fatal.file': 'Database file',
  'fatal.noBackend': 'Haru could not reach its storage.',

  'emotion.title': 'How it felt',
  'emotion.detected': 'Feelings found in this entry',
  'emotion.strongest': 'Strongest feelings',
  'emotion.updating': 'Updating…',
  'emotion.pending': 'Reading how your day felt…',
  'emotion.loading': 'Preparing the emotion model…',
  'emotion.unavailable': 'Emotion analysis is unavailable: {message}. Your diary still saves normally.',
  'emotion.sentences': 'Sentence by sentence',
  'emotion.sentencesHint': 'Point at a sentence, or move to it with Tab, to see its feelings.',
  'emotion.sentencesLater': 'The colours come back once the update is done.',
  'emotion.legend': 'Colour key',
  'emotion.legendLabel': 'Colours of the sentences',
  'emotion.sentenceFeelings': 'Feelings of this sentence',

  'emotionGroup.warm': 'Joy & warmth',
  'emotionGroup.sad': 'Sadness & regret',
  'emotionGroup.anger': 'Anger & dislike',
  'emotionGroup.fear': 'Fear & unease',
  'emotionGroup.surprise': 'Surprise & curiosity',
  'emotionGroup.neutral': 'Neutral',

  'emo.admiration': 'Admiration',
  'emo.amusement': 'Amusement',
  'emo.anger': 'Anger',
  'emo.annoyance': 'Annoyance',
  'emo.approval': 'Approval',
  'emo.caring': 'Caring',
  'emo.confusion': 'Confusion',
  'emo.curiosity': 'Curiosity',
  'emo.desire': 'Desire',
  'emo.disappointment': 'Disappointment',
  'emo.disapproval': 'Disapproval',
  'emo.disgust': 'Disgust',
  'emo.embarrassment': 'Embarrassment',
  'emo.excitement': 'Excitement',
  'emo.fear': 'Fear',
  'emo.gratitude': 'Gratitude',
  'emo.grief': 'Grief',
  'emo.joy': 'Joy',
  'emo.love': 'Love',
  'emo.nervousness': 'Nervousness',
  'emo.optimism': 'Optimism',
  'emo.pride': 'Pride',
  'emo.realization': 'Realization',
  'emo.relief': 'Relief',
  'emo.remorse': 'Remorse',
  'emo.sadness': 'Sadness',
  'emo.surprise': 'Surprise',
  'emo.neutral': 'Neutral',

  'reanalysis.label': 'Updating emotions {done} / {total}',
  'reanalysis.title': 'A newer emotion model is reading your earlier entries again.',
  'reanalysis.cancel': 'Stop updating emotions',

  'history.open': 'Emotion history',
  'history.back': 'Back to diary',
  'history.title': 'Emotion history',
  'history.subtitle': 'How your days felt',
  'history.range': 'Range',
  'history.range30d': '30 days',
  'history.range3m': '3 months',
  'history.range1y': 'Year',
  'history.rangeAll': 'All',
  'history.groupBy': 'Group by',
  'history.byDay': 'Day',
  'history.byWeek': 'Week',
  'history.byMonth': 'Month',
  'history.loading': 'Loading…',
  'history.empty': 'No feelings to show yet — write your first entry',
  'history.emptyHint': 'Once you have written a few days, you can see here how they felt.',
  'history.emptyRange': 'Nothing written in this range. Try a longer one.',
  'history.write': 'Write an entry',
  'history.timeline': 'Feelings over time',
  'history.timelineHint': 'Point at a period, or move to it with Tab, to see its feelings.',
  'history.single': 'Only one period so far — keep writing to see how it changes.',
  'history.legend': 'Emotions in the chart',
  'history.other': 'Other',
  'history.entries': { one: '{count} entry', other: '{count} entries' },
  'history.weekOf': 'Week of {date}',
  'history.pixels': 'Year in pixels',
  'history.prevYear': 'Previous year',
  'history.nextYear': 'Next year',
  'history.pixelsMode': 'Colour days by',
  'history.pixelsEmotion': 'Emotion',
  'history.pixelsValence': 'Positive / negative',
  'history.dayEmpty': '{date}: nothing written',
  'history.dayEmotion': '{date}: {emotion}',
  'history.valenceNegative': 'Negative',
  'history.valenceBalanced': 'Balanced',
  'history.valencePositive': 'Positive',
  'history.yearEmpty': 'Nothing written in {year} yet.',
  'history.summary': 'Top feelings of this range',
  'history.vsPrevious': 'Change from the {count} days before',
  'history.noPrevious': 'Nothing to compare with before this range.',
  'history.up': 'up {points} points',
  'history.down': 'down {points} points',
  'history.same': 'unchanged',
  'history.valenceTrend': 'Positive vs negative',
  'history.drilldown': 'Where {emotion} peaked',
  'history.drillClose': 'Close the list',
  'history.drillEmpty': 'No entries in this range where {emotion} stood out.',
  'history.showPeaks': 'Show entries where {emotion} peaked',
  'history.openEntry': 'Open the entry of {date}',

  'unlock.title': 'Your diary is locked',
  'unlock.lead': 'This diary is encrypted. Enter your passphrase to open it.',
  'unlock.passphrase': 'Passphrase',
  'unlock.recoveryKey': 'Recovery key',
  'unlock.useRecovery': 'Use the recovery key instead',
  'unlock.usePassphrase': 'Use the passphrase instead',
  'unlock.submit': 'Unlock',
  'unlock.busy': 'Unlocking…',
  'unlock.empty': 'Type your passphrase first.',
  'unlock.wrong': 'That passphrase is not right. Nothing was changed — try again.',
  'unlock.wrongRecovery': 'That recovery key is not right. Nothing was changed — try again.',

  'encryption.title': 'Encryption',
  'encryption.off': 'Your diary is not encrypted. Anyone who can open your files can read it.',
  'encryption.on': 'Your diary, its backups and search index are encrypted.',
  'encryption.turnOn': 'Encrypt my diary…',
  'encryption.change': 'Change passphrase…',
  'encryption.passphrase': 'New passphrase',
  'encryption.confirm': 'Type it again',
  'encryption.current': 'Current passphrase',
  'encryption.warning': 'If you forget the passphrase and lose the recovery key, your diary cannot be recovered — by anyone, including us. There is no reset.',
  'encryption.acknowledge': 'I understand',
  'encryption.enable': 'Encrypt',
  'encryption.save': 'Change',
  'encryption.cancel': 'Cancel',
  'encryption.busy': 'Encrypting…',
  'encryption.tooShort': 'Use at least 8 characters (a few unrelated words are best).',
  'encryption.mismatch': 'The two passphrases are not the same.',
  'encryption.mustAcknowledge': 'Please confirm that you understand the warning.',
  'encryption.wrongCurrent': 'The current passphrase is not right. Nothing was changed.',
  'encryption.changed': 'Passphrase changed. Your recovery key still works.',
  'encryption.recoveryTitle': 'Your recovery key',
  'encryption.recoveryLead': 'Write this down and keep it somewhere safe, away from this computer. It is shown only this once. With it you can open your diary if you forget the passphrase.',
  'encryption.recoveryDone': 'I wrote it down — close Haru',
  'encryption.restartHint': 'Haru closes now. Open it again and unlock it with your passphrase.',
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;

const ko: Record<MessageKey, Message> = {
  'app.name': '하루',
  'app.tagline': '하루를 담는 조용한 공간',

  'sidebar.label': '일기 탐색',
  'main.label': '글쓰기',

  'calendar.label': '달력',
  'calendar.prevMonth': '이전 달',
  'calendar.nextMonth': '다음 달',
  'calendar.today': '오늘',
  'calendar.goToToday': '오늘로 이동',
  'calendar.entries': '일기 {count}개',

  'entries.label': '이 날의 일기',
  'entries.empty': '이 날에는 아직 쓴 글이 없어요.',
  'entries.startWriting': '글쓰기 시작',
  'entries.loading': '불러오는 중…',
  'entries.words': '{count}단어',
  'entries.untitled': '(빈 글)',
  'entries.count': '{count}개',

  'search.label': '일기 검색',
  'search.placeholder': '검색',
  'search.clear': '검색어 지우기',
  'search.searching': '검색 중…',
  'search.noResults': '“{query}”와 일치하는 글이 없어요.',
  'search.results': '검색 결과 {count}개',
  'search.resultsLabel': '검색 결과',
  'search.filters': '필터',
  'search.filtersLabel': '검색 필터',
  'search.filtersActive': '필터 {count}개 사용 중',
  'search.emotion': '감정',
  'search.anyFeeling': '모든 감정',
  'search.from': '시작',
  'search.to': '끝',
  'search.clearFilters': '필터 지우기',
  'search.noFilterResults': '이 필터에 맞는 글이 없어요.',

  'editor.label': '일기 본문',
  'editor.placeholder': '오늘은 어떤 하루였나요?',
  'editor.newEntry': '새 글',
  'editor.delete': '글 삭제',
  'editor.words': '{count}단어',
  'editor.chars': '{count}자',
  'editor.writtenAt': '{time}에 작성',
  'editor.newDraft': '새 페이지',

  'status.saved': '저장됨',
  'status.saving': '저장 중…',
  'status.error': '저장 안 됨: {message}',
  'status.emptyPending': '비어 있음 — 다른 글로 옮기면 삭제돼요',
  'status.idle': '아직 저장할 내용이 없어요',

  'delete.title': '이 글을 삭제할까요?',
  'delete.body': '{date}의 글을 일기장에서 삭제해요. 몇 초 동안은 되돌릴 수 있어요.',
  'delete.confirm': '삭제',
  'delete.cancel': '취소',

  'toast.deleted': '글을 삭제했어요',
  'toast.undo': '되돌리기',
  'toast.restored': '글을 되살렸어요',
  'toast.dismiss': '닫기',
  'toast.error': '문제가 생겼어요: {message}',
  'toast.unsavedOnClose': '저장 안 됨: {message}. 그래도 종료하려면 한 번 더 닫아 주세요.',

  'settings.open': '설정',
  'settings.title': '설정',
  'settings.language': '언어',
  'settings.languageSystem': '시스템',
  'settings.theme': '화면 모드',
  'settings.themeSystem': '시스템',
  'settings.themeLight': '밝게',
  'settings.themeDark': '어둡게',
  'settings.storage': '일기가 저장된 곳',
  'settings.version': '버전 {version}',
  'settings.close': '설정 닫기',
  'settings.care': '마음 살핌 메모',
  'settings.careHint': '요 며칠 마음이 무거워 보일 때 조용히 메모를 보여 드려요.',

  'care.label': '마음을 살피는 메모',
  'care.title': '오늘은 스스로를 조금 돌봐 주세요',
  'care.body':
    '요 며칠 마음이 무거우셨던 것 같아요. 이렇게 글로 적는 것만으로도 용기가 필요한 일이에요. 누군가와 이야기를 나누는 게 도움이 될 것 같다면, 믿을 수 있는 사람이나 가까운 상담 기관에 연락해 보셔도 좋아요.',
  'care.resourcesLabel': '이야기 나눌 곳이 필요하다면',
  'care.resourceKorea': '한국: 109 (자살예방 상담, 24시간), 1577-0199 (정신건강 위기상담)',
  'care.resourceElsewhere': '그 밖의 지역: 가까운 응급 번호나 병원·의원',
  'care.resourceUrgent': '혹시 안전하지 않다고 느껴질 때는 119 같은 응급 번호로 연락해 주세요.',
  'care.dismiss': '고마워요, 일주일 동안 숨기기',
  'care.off': '이런 메모 그만 보기',

  'help.open': '단축키',
  'help.title': '단축키',
  'help.close': '닫기',
  'help.calendarKeys': '달력에서는 방향키로 날짜를, Page Up / Page Down으로 달을 옮겨요.',

  'shortcut.newEntry': '새 글',
  'shortcut.search': '검색',
  'shortcut.prevDay': '전날',
  'shortcut.nextDay': '다음 날',
  'shortcut.undoDelete': '삭제 되돌리기',
  'shortcut.escape': '대화상자 닫기 · 검색어 지우기',
  'shortcut.history': '일기 / 감정 기록',

  'fatal.title': '하루가 일기장을 열 수 없어요',
  'fatal.guidance': '하루는 이 파일을 바꾸지 않았어요. 백업에서 복원하거나 파일을 다른 곳으로 옮긴 뒤 하루를 다시 시작해 주세요.',
  'fatal.code': '오류 코드: {code}',
  'fatal.file': '데이터베이스 파일',
  'fatal.noBackend': '하루가 저장소에 연결하지 못했어요.',

  'emotion.title': '이 글의 감정',
  'emotion.detected': '이 글에서 느껴지는 감정',
  'emotion.strongest': '가장 뚜렷한 감정',
  'emotion.updating': '다시 읽는 중…',
  'emotion.pending': '하루의 감정을 읽고 있어요…',
  'emotion.loading': '감정 분석 모델을 준비하고 있어요…',
  'emotion.unavailable': '감정 분석을 사용할 수 없어요: {message}. 일기는 평소처럼 저장돼요.',
  'emotion.sentences': '문장별 감정',
  'emotion.sentencesHint': '문장을 가리키거나 Tab으로 옮겨 가면 그 문장의 감정이 보여요.',
  'emotion.sentencesLater': '다시 읽기가 끝나면 색이 돌아와요.',
  'emotion.legend': '색 안내',
  'emotion.legendLabel': '문장 색의 뜻',
  'emotion.sentenceFeelings': '이 문장의 감정',

  'emotionGroup.warm': '기쁨·따뜻함',
  'emotionGroup.sad': '슬픔·후회',
  'emotionGroup.anger': '분노·거부감',
  'emotionGroup.fear': '두려움·불안',
  'emotionGroup.surprise': '놀람·호기심',
  'emotionGroup.neutral': '중립',

  'emo.admiration': '감탄',
  'emo.amusement': '재미',
  'emo.anger': '분노',
  'emo.annoyance': '짜증',
  'emo.approval': '인정',
  'emo.caring': '배려',
  'emo.confusion': '혼란',
  'emo.curiosity': '호기심',
  'emo.desire': '소망',
  'emo.disappointment': '실망',
  'emo.disapproval': '못마땅함',
  'emo.disgust': '혐오',
  'emo.embarrassment': '부끄러움',
  'emo.excitement': '신남',
  'emo.fear': '두려움',
  'emo.gratitude': '감사',
  'emo.grief': '비통',
  'emo.joy': '기쁨',
  'emo.love': '사랑',
  'emo.nervousness': '긴장',
  'emo.optimism': '낙관',
  'emo.pride': '자부심',
  'emo.realization': '깨달음',
  'emo.relief': '안도',
  'emo.remorse': '후회',
  'emo.sadness': '슬픔',
  'emo.surprise': '놀람',
  'emo.neutral': '중립',

  'reanalysis.label': '감정 업데이트 중 {done} / {total}',
  'reanalysis.title': '새 감정 모델이 지난 일기를 다시 읽고 있어요.',
  'reanalysis.cancel': '감정 업데이트 멈추기',

  'history.open': '감정 기록',
  'history.back': '일기로 돌아가기',
  'history.title': '감정 기록',
  'history.subtitle': '지난 날들은 어떤 기분이었을까요',
  'history.range': '기간',
  'history.range30d': '30일',
  'history.range3m': '3개월',
  'history.range1y': '1년',
  'history.rangeAll': '전체',
  'history.groupBy': '묶어 보기',
  'history.byDay': '일',
  'history.byWeek': '주',
  'history.byMonth': '월',
  'history.loading': '불러오는 중…',
  'history.empty': '아직 보여 줄 감정이 없어요 — 첫 일기를 써 보세요',
  'history.emptyHint': '며칠 동안 글을 쓰면 그 날들의 감정을 여기서 볼 수 있어요.',
  'history.emptyRange': '이 기간에는 쓴 글이 없어요. 더 긴 기간을 골라 보세요.',
  'history.write': '일기 쓰기',
  'history.timeline': '시간에 따른 감정',
  'history.timelineHint': '기간을 가리키거나 Tab으로 옮겨 가면 그때의 감정이 보여요.',
  'history.single': '아직 한 기간뿐이에요 — 계속 쓰면 변화가 보여요.',
  'history.legend': '차트의 감정',
  'history.other': '기타',
  'history.entries': '일기 {count}개',
  'history.weekOf': '{date} 주',
  'history.pixels': '한 해의 픽셀',
  'history.prevYear': '이전 해',
  'history.nextYear': '다음 해',
  'history.pixelsMode': '날짜 색 기준',
  'history.pixelsEmotion': '감정',
  'history.pixelsValence': '긍정 / 부정',
  'history.dayEmpty': '{date}: 쓴 글 없음',
  'history.dayEmotion': '{date}: {emotion}',
  'history.valenceNegative': '부정',
  'history.valenceBalanced': '균형',
  'history.valencePositive': '긍정',
  'history.yearEmpty': '{year}년에는 아직 쓴 글이 없어요.',
  'history.summary': '이 기간의 주요 감정',
  'history.vsPrevious': '직전 {count}일과 비교',
  'history.noPrevious': '이 기간 전에는 비교할 글이 없어요.',
  'history.up': '{points}%p 증가',
  'history.down': '{points}%p 감소',
  'history.same': '변화 없음',
  'history.valenceTrend': '긍정과 부정의 흐름',
  'history.drilldown': '{emotion}이(가) 가장 뚜렷했던 글',
  'history.drillClose': '목록 닫기',
  'history.drillEmpty': '이 기간에는 {emotion}이(가) 뚜렷했던 글이 없어요.',
  'history.showPeaks': '{emotion}이(가) 뚜렷했던 글 보기',
  'history.openEntry': '{date}의 글 열기',

  'unlock.title': '일기가 잠겨 있어요',
  'unlock.lead': '이 일기는 암호화되어 있어요. 암호를 입력해 열어 주세요.',
  'unlock.passphrase': '암호',
  'unlock.recoveryKey': '복구 키',
  'unlock.useRecovery': '복구 키로 열기',
  'unlock.usePassphrase': '암호로 열기',
  'unlock.submit': '열기',
  'unlock.busy': '여는 중…',
  'unlock.empty': '먼저 암호를 입력해 주세요.',
  'unlock.wrong': '암호가 맞지 않아요. 아무것도 바뀌지 않았어요. 다시 시도해 주세요.',
  'unlock.wrongRecovery': '복구 키가 맞지 않아요. 아무것도 바뀌지 않았어요. 다시 시도해 주세요.',

  'encryption.title': '암호화',
  'encryption.off': '일기가 암호화되어 있지 않아요. 파일을 열 수 있는 사람은 누구나 읽을 수 있어요.',
  'encryption.on': '일기와 백업, 검색 색인이 암호화되어 있어요.',
  'encryption.turnOn': '일기 암호화하기…',
  'encryption.change': '암호 바꾸기…',
  'encryption.passphrase': '새 암호',
  'encryption.confirm': '한 번 더 입력',
  'encryption.current': '지금 암호',
  'encryption.warning': '암호를 잊고 복구 키까지 잃어버리면 일기를 되찾을 수 없어요. 저희를 포함해 누구도 열 수 없고, 초기화 방법도 없어요.',
  'encryption.acknowledge': '이해했어요',
  'encryption.enable': '암호화',
  'encryption.save': '바꾸기',
  'encryption.cancel': '취소',
  'encryption.busy': '암호화하는 중…',
  'encryption.tooShort': '8자 이상으로 정해 주세요. 서로 관계없는 단어 몇 개가 가장 좋아요.',
  'encryption.mismatch': '두 암호가 서로 달라요.',
  'encryption.mustAcknowledge': '경고를 이해했는지 확인해 주세요.',
  'encryption.wrongCurrent': '지금 암호가 맞지 않아요. 아무것도 바뀌지 않았어요.',
  'encryption.changed': '암호를 바꿨어요. 복구 키는 그대로 쓸 수 있어요.',
  'encryption.recoveryTitle': '복구 키',
  'encryption.recoveryLead': '이 키를 적어서 이 컴퓨터와 떨어진 안전한 곳에 보관하세요. 지금 한 번만 보여 드려요. 암호를 잊었을 때 이 키로 일기를 열 수 있어요.',
  'encryption.recoveryDone': '적어 두었어요 — 하루 닫기',
  'encryption.restartHint': '하루가 이제 닫혀요. 다시 열고 암호로 잠금을 풀어 주세요.',
};

export const messages: Record<Lang, Record<MessageKey, Message>> = { en, ko };

export type Params = Record<string, string | number>;

const pluralCache = new Map<Lang, Intl.PluralRules>();
function plural(lang: Lang, n: number): string {
  let pr = pluralCache.get(lang);
  if (!pr) {
    pr = new Intl.PluralRules(lang === 'ko' ? 'ko-KR' : 'en-US');
    pluralCache.set(lang, pr);
  }
  return pr.select(n);
}

const numberCache = new Map<Lang, Intl.NumberFormat>();
function formatNumber(lang: Lang, n: number): string {
  let nf = numberCache.get(lang);
  if (!nf) {
    nf = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US');
    numberCache.set(lang, nf);
  }
  return nf.format(n);
}

/** Translates `key`, filling `{name}` placeholders (numbers are formatted for the language). */
export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  const table = messages[lang] ?? messages.en;
  let msg: Message | undefined = table[key] ?? messages.en[key];
  if (msg === undefined) return key;
  if (typeof msg !== 'string') {
    const count = typeof params.count === 'number' ? params.count : Number(params.count ?? 0);
    const form = plural(lang, count) as 'one' | 'other';
    msg = (form === 'one' ? msg.one : undefined) ?? msg.other;
  }
  return msg.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(lang, v) : v;
  });
}

/** The name of an emotion label in `lang` (a label the tables do not know is shown as it is). */
export function emotionName(lang: Lang, label: string): string {
  const key = `emo.${label}`;
  return Object.prototype.hasOwnProperty.call(messages.en, key) ? translate(lang, key as MessageKey) : label;
}

/** Placeholder names used by a message (all plural forms together), for the consistency test. */
export function placeholders(msg: Message): string[] {
  const texts = typeof msg === 'string' ? [msg] : [msg.one ?? '', msg.other];
  const names = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/\{(\w+)\}/g)) names.add(m[1]);
  return [...names].sort();
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'ko';
}

/** The saved setting wins; otherwise the OS locale ("ko…" → Korean, anything else → English). */
export function resolveLang(saved: string | null | undefined, osLanguages: readonly string[] | string | undefined): Lang {
  if (isLang(saved)) return saved;
  const list = typeof osLanguages === 'string' ? [osLanguages] : (osLanguages ?? []);
  const first = list.find((l) => typeof l === 'string' && l.length > 0);
  return first && first.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
