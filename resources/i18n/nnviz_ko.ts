<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en_US">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>Ready — press Train.</source>
        <translation>준비 완료 — 학습 버튼을 누르세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>Training…</source>
        <translation>학습 중…</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>Paused.</source>
        <translation>일시정지했습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>Finished: the epoch limit was reached.</source>
        <translation>완료: 에폭 한도에 도달했습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>Diverged.</source>
        <translation>발산했습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>Stopped by a stopping rule.</source>
        <translation>중단 규칙에 따라 학습을 멈췄습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>Diverged: {0} Press Reset to start again.</source>
        <translation>발산: {0} 다시 시작하려면 초기화를 누르세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>Earlier runs were cleared: they trained on other data.</source>
        <translation>이전 실행 기록을 지웠습니다: 다른 데이터로 학습한 실행이었습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>same settings</source>
        <translation>같은 설정</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>source</source>
        <translation>원본</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/model.py"/>
        <source>source code, re-run</source>
        <translation>소스 코드 재실행</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/dialogs.py"/>
        <source>nnviz</source>
        <translation>nnviz</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Open model</source>
        <translation>모델 열기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>nnviz models (*.npz);;All files (*)</source>
        <translation>nnviz 모델 (*.npz);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Import Deep Learning from Scratch weights</source>
        <translation>밑바닥부터 시작하는 딥러닝 가중치 가져오기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Pickled weights (*.pkl);;All files (*)</source>
        <translation>피클 가중치 파일 (*.pkl);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>The weights file does not say which activation the network used:</source>
        <translation>가중치 파일에는 어떤 활성화 함수를 썼는지 나와 있지 않습니다. 활성화 함수를 고르세요:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Save model</source>
        <translation>모델 저장</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>nnviz models (*.npz)</source>
        <translation>nnviz 모델 (*.npz)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Open session</source>
        <translation>세션 열기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>nnviz sessions (*.json);;All files (*)</source>
        <translation>nnviz 세션 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>{0} has settings outside what nnviz accepts ({1}).</source>
        <translation>{0}에 nnviz가 받아들일 수 없는 설정이 있습니다 ({1}).</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>nnviz sessions (*.json)</source>
        <translation>nnviz 세션 (*.json)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Open table CSV</source>
        <translation>표 CSV 열기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Open points CSV</source>
        <translation>점 데이터 CSV 열기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 파일 (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Export data as CSV</source>
        <translation>데이터를 CSV로 내보내기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Only 2-D point sets can be exported as CSV.</source>
        <translation>2차원 점 데이터만 CSV로 내보낼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Could not write {0}: {1}.</source>
        <translation>파일을 쓸 수 없습니다: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Export as Python</source>
        <translation>Python 코드로 내보내기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Python scripts (*.py)</source>
        <translation>Python 스크립트 (*.py)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Folder with dataset files</source>
        <translation>데이터셋 파일이 있는 폴더</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>PNG images (*.png);;SVG drawings (*.svg)</source>
        <translation>PNG 이미지 (*.png);;SVG 벡터 그림 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Export view</source>
        <translation>현재 보기 내보내기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Export loss plot</source>
        <translation>손실 그래프 내보내기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Export accuracy plot</source>
        <translation>정확도 그래프 내보내기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Could not write the image {0}.</source>
        <translation>이미지를 저장할 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/file_actions.py"/>
        <source>Export loss history</source>
        <translation>손실 기록 내보내기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>nnviz — watch a neural network learn</source>
        <translation>nnviz — 신경망이 학습하는 모습 보기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>Starting the training engine…</source>
        <translation>학습 엔진을 시작하는 중…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>Controls</source>
        <translation>제어판</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>Views</source>
        <translation>보기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>What the network is doing, seen different ways</source>
        <translation>신경망이 하는 일을 여러 방식으로 보여 줍니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>Loading {0}…</source>
        <translation>{0} 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>{0} · {1} parameters · {2}: {3} train / {4} test</source>
        <translation>{0} · 매개변수 {1}개 · {2}: 학습 {3} / 테스트 {4}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>Error: {0}</source>
        <translation>오류: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>The training engine stopped unexpectedly ({0}). Restart it to go on from the last settings; files you saved are not affected.</source>
        <translation>학습 엔진이 예기치 않게 멈췄습니다({0}). 다시 시작하면 마지막 설정으로 이어서 할 수 있으며, 저장한 파일은 영향을 받지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>Restart</source>
        <translation>다시 시작</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/main_window.py"/>
        <source>Saved to {0}.</source>
        <translation>저장했습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Train / Pause</source>
        <translation>학습 / 일시정지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Step one epoch</source>
        <translation>한 에폭 학습</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Clear earlier runs</source>
        <translation>이전 실행 기록 지우기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;Open model…</source>
        <translation>모델 열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;Save model…</source>
        <translation>모델 저장(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Export as Python…</source>
        <translation>Python 코드로 내보내기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Import Deep Learning from Scratch weights…</source>
        <translation>밑바닥부터 시작하는 딥러닝 가중치 가져오기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Open session…</source>
        <translation>세션 열기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Save session…</source>
        <translation>세션 저장…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Open points CSV…</source>
        <translation>점 데이터 CSV 열기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Export data as CSV…</source>
        <translation>데이터를 CSV로 내보내기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Export view as PNG/SVG…</source>
        <translation>현재 보기를 PNG/SVG로 내보내기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Export loss plot as PNG/SVG…</source>
        <translation>손실 그래프를 PNG/SVG로 내보내기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Export accuracy plot as PNG/SVG…</source>
        <translation>정확도 그래프를 PNG/SVG로 내보내기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Export loss history CSV…</source>
        <translation>손실 기록을 CSV로 내보내기…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;Training</source>
        <translation>학습(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Light</source>
        <translation>라이트</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Dark</source>
        <translation>다크</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Appearance</source>
        <translation>테마</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>T&amp;utorials</source>
        <translation>튜토리얼(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;Labs</source>
        <translation>실습(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;About nnviz</source>
        <translation>nnviz 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Race these settings</source>
        <translation>이 설정으로 경주</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>Add the network panel's settings to a race on the same data and batches</source>
        <translation>신경망 패널의 설정을 같은 데이터와 미니배치로 하는 경주에 추가합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>The book's weights file {0} was not found: download it from the book's repository (ch03/{0}) and open it with File → Import Deep Learning from Scratch weights…</source>
        <translation>책의 가중치 파일 {0}을 찾을 수 없습니다. 책의 저장소(ch03/{0})에서 다운로드한 뒤 파일 → 밑바닥부터 시작하는 딥러닝 가중치 가져오기…로 여세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>This tutorial evaluates the book's weights as they are. Train them further as a new run? (The tutorial closes; its figures stay as published.)</source>
        <translation>이 튜토리얼은 책의 가중치를 그대로 평가합니다. 새 실행으로 이어서 학습할까요? (튜토리얼은 닫히고, 공개된 수치는 그대로 남습니다.)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>The language changes when nnviz starts again.</source>
        <translation>언어는 nnviz를 다시 시작하면 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>nnviz will use {0} from its next start.</source>
        <translation>nnviz를 다시 시작하면 언어가 바뀝니다: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>About nnviz</source>
        <translation>nnviz 정보</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/menus.py"/>
        <source>&lt;h3&gt;nnviz {0}&lt;/h3&gt;&lt;p&gt;Watch a neural network learn.&lt;/p&gt;&lt;p&gt;Python {1} · NumPy {2} · PySide6 {3} (Qt {4}) · pyqtgraph {5}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;nnviz {0}&lt;/h3&gt;&lt;p&gt;신경망이 학습하는 모습을 지켜보세요.&lt;/p&gt;&lt;p&gt;Python {1} · NumPy {2} · PySide6 {3} (Qt {4}) · pyqtgraph {5}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>canvas</name>
    <message>
        <location filename="../../nnviz/gui/canvas.py"/>
        <source>Drawing canvas</source>
        <translation>그림판</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/canvas.py"/>
        <source>Draw a digit with the mouse or a pen. Ctrl+Z undoes the last stroke; Delete clears.</source>
        <translation>마우스나 펜으로 숫자를 그리세요. Ctrl+Z는 마지막 획을 취소하고, Delete는 모두 지웁니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/canvas.py"/>
        <source>Draw a digit here</source>
        <translation>여기에 숫자를 그리세요</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/canvas.py"/>
        <source>What the network sees</source>
        <translation>신경망이 보는 입력</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/canvas.py"/>
        <source>Your drawing as the network sees it: cropped, scaled to fit 20×20 and centred by its centre of mass in 28×28, like MNIST</source>
        <translation>신경망이 보는 그림: MNIST처럼 잉크 부분만 잘라 20×20에 맞게 크기를 조정하고, 28×28 안에서 무게중심이 가운데 오도록 놓았습니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/canvas.py"/>
        <source>Class probabilities</source>
        <translation>클래스별 확률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/canvas.py"/>
        <source>How likely the network thinks each class is; the highlighted bar is its guess</source>
        <translation>신경망이 판단한 클래스별 확률입니다. 강조된 막대가 예측입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Prediction</source>
        <translation>예측</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>The network's guess and how sure it is</source>
        <translation>신경망의 예측과 그 확률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>The network that reads your drawing</source>
        <translation>그림을 읽을 신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Built-in digit model</source>
        <translation>내장 숫자 인식 모델</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Built-in convnet</source>
        <translation>내장 합성곱 신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Model being trained</source>
        <translation>학습 중인 모델</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Model file…</source>
        <translation>모델 파일…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>The digit reader shipped with nnviz, trained on MNIST</source>
        <translation>nnviz에 포함된, MNIST로 학습한 숫자 인식 모델</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>The convolutional digit reader shipped with nnviz (98.8% on held-out digits)</source>
        <translation>nnviz에 포함된 합성곱 숫자 인식 모델 (따로 떼어 둔 숫자에서 98.8%)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>The network in the main window; available when it reads 28×28 digits</source>
        <translation>메인 창에서 학습 중인 신경망입니다. 28×28 숫자를 입력받는 신경망일 때 쓸 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Open an nnviz model (.npz) or book weights (.pkl)</source>
        <translation>nnviz 모델(.npz)이나 책의 가중치(.pkl)를 엽니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Undo stroke</source>
        <translation>획 취소</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Remove the last stroke (Ctrl+Z)</source>
        <translation>마지막 획을 지웁니다 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Remove the whole drawing (Delete)</source>
        <translation>그림 전체를 지웁니다 (Delete)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Undo Stroke</source>
        <translation>획 취소</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Remove the last stroke from the drawing</source>
        <translation>그림에서 마지막 획을 지웁니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Clear Drawing</source>
        <translation>그림 지우기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Remove the whole drawing</source>
        <translation>그림 전체를 지웁니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Network sees</source>
        <translation>신경망 입력</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>No model</source>
        <translation>모델 없음</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>File: {0}</source>
        <translation>파일: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Open a model</source>
        <translation>모델 열기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Models (*.npz *.pkl *.pickle)</source>
        <translation>모델 (*.npz *.pkl *.pickle)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>The built-in digit model could not be loaded: {0}</source>
        <translation>내장 숫자 인식 모델을 불러올 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Draw a digit</source>
        <translation>숫자를 그려 보세요</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>nnviz</source>
        <translation>nnviz</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>Feature maps</source>
        <translation>특징 맵</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/draw.py"/>
        <source>See what every layer of a convnet makes of this drawing</source>
        <translation>합성곱 신경망의 각 층이 이 그림을 어떻게 보는지 봅니다</translation>
    </message>
</context>
<context>
    <name>datasets</name>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Spiral (Deep Learning from Scratch 2)</source>
        <translation>나선 (밑바닥부터 시작하는 딥러닝 2)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Three interleaved spiral arms; the DLFS2 ch01 tutorial's generator.</source>
        <translation>서로 엇갈린 세 갈래 나선입니다. 밑바닥부터 시작하는 딥러닝 2의 1장 튜토리얼 생성기를 씁니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Spiral (CS231n case study)</source>
        <translation>나선 (CS231n 사례 연구)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>CS231n's spiral: not linearly separable, a linear classifier reaches about 49%.</source>
        <translation>CS231n의 나선 데이터입니다. 선형 분리가 불가능해서 선형 분류기는 약 49%에 그칩니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Circle (Playground)</source>
        <translation>원 (Playground)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>TensorFlow Playground's default problem: a disc inside a ring.</source>
        <translation>TensorFlow Playground의 기본 문제입니다. 고리 안에 원판이 있습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Exclusive or (Playground)</source>
        <translation>배타적 논리합 XOR (Playground)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>TensorFlow Playground's XOR quadrants.</source>
        <translation>TensorFlow Playground의 XOR 사분면 데이터입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Gaussian blobs (Playground)</source>
        <translation>가우시안 군집 (Playground)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Two Gaussian clusters (more on a circle); linearly separable at low noise.</source>
        <translation>가우시안 군집 두 개입니다(더 많으면 원 위에 놓입니다). 노이즈가 적으면 선형 분리가 가능합니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Two moons</source>
        <translation>두 개의 반달</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Two interleaving half circles (scikit-learn's make_moons).</source>
        <translation>서로 맞물린 반원 두 개입니다 (scikit-learn의 make_moons).</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Plane (Playground regression)</source>
        <translation>평면 (Playground 회귀)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>TensorFlow Playground's tilted plane: the target is (x₁ + x₂)/10.</source>
        <translation>TensorFlow Playground의 기울어진 평면입니다. 목표값은 (x₁ + x₂)/10입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Gaussian bumps (Playground regression)</source>
        <translation>가우시안 봉우리 (Playground 회귀)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>TensorFlow Playground's six ±1 bumps on a 3 × 2 grid, 0 between them.</source>
        <translation>TensorFlow Playground의 3 × 2 격자 위 ±1 봉우리 여섯 개입니다. 그 사이는 0입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>1-D regression (ConvNetJS)</source>
        <translation>1차원 회귀 (ConvNetJS)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>ConvNetJS's 1-D regression demo: 20 points of x·sin x for x in ±5.</source>
        <translation>ConvNetJS의 1차원 회귀 데모입니다. ±5 범위의 x에서 x·sin x 점 20개입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Your own points (CSV)</source>
        <translation>직접 만든 점 (CSV)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>2-D points from a CSV file of x,y,label rows (File → Open points CSV…).</source>
        <translation>x,y,label 행으로 된 CSV 파일의 2차원 점입니다 (파일 → 점 데이터 CSV 열기…).</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Your own regression points (CSV)</source>
        <translation>직접 만든 회귀 점 데이터 (CSV)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>2-D points with a number to predict: x,y,target rows (saved painted data).</source>
        <translation>예측할 값이 있는 2차원 점입니다. x,y,target 행으로 되어 있습니다 (직접 그린 데이터를 저장한 형식).</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Your own table (CSV)</source>
        <translation>내 표 데이터 (CSV)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Any numeric feature columns and a label column from a CSV file with a header row.</source>
        <translation>머리글 행이 있는 CSV 파일의 숫자 특성 열들과 레이블 열 하나.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Iris (scikit-learn)</source>
        <translation>붓꽃 (scikit-learn)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Fisher's 150 irises: 4 measurements, 3 species.</source>
        <translation>피셔의 붓꽃 150송이: 측정값 4개, 품종 3개.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Wine (scikit-learn)</source>
        <translation>와인 (scikit-learn)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>178 Italian wines: 13 chemical measurements, 3 cultivars.</source>
        <translation>이탈리아 와인 178종: 화학 측정값 13개, 품종 3개.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Breast cancer (scikit-learn)</source>
        <translation>유방암 (scikit-learn)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>569 Wisconsin tumour samples: 30 cell-nucleus features, malignant or benign.</source>
        <translation>위스콘신 종양 표본 569개: 세포핵 특성 30개, 악성 또는 양성.</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>MNIST digits</source>
        <translation>MNIST 손글씨 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Handwritten digits 0–9, 28×28 grey (LeCun &amp; Cortes, CC BY-SA 3.0).</source>
        <translation>0–9 손글씨 숫자, 28×28 흑백 이미지입니다 (LeCun &amp; Cortes, CC BY-SA 3.0).</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>Zalando's clothing images, 10 classes, 28×28 grey (MIT licence).</source>
        <translation>Zalando의 의류 이미지, 10개 클래스, 28×28 흑백입니다 (MIT 라이선스).</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>8×8 digits (scikit-learn)</source>
        <translation>8×8 숫자 (scikit-learn)</translation>
    </message>
    <message>
        <location filename="../../nnviz/data/datasets.py"/>
        <source>scikit-learn's 1,797 8×8 digits; needs scikit-learn (pip install "nnviz[digits]").</source>
        <translation>scikit-learn의 8×8 숫자 1,797개입니다. scikit-learn이 필요합니다 (pip install "nnviz[digits]").</translation>
    </message>
</context>
<context>
    <name>digit_views</name>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>Confusion matrix</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>Rows: true class; columns: the network's prediction. Colour: share of each true class. Click a cell to see its digits.</source>
        <translation>행은 실제 클래스, 열은 신경망의 예측입니다. 색은 실제 클래스마다 차지하는 비율입니다. 칸을 클릭하면 그 숫자들을 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>1 digit</source>
        <translation>숫자 1개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>{0} digits</source>
        <translation>숫자 {0}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>true {0}, predicted {1}: {2}</source>
        <translation>실제 {0}, 예측 {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>{0} of the true {1}s</source>
        <translation>실제 {1} 중 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>The confusion matrix appears once the network has been tested.</source>
        <translation>신경망을 테스트하면 혼동 행렬이 나타납니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>predicted</source>
        <translation>예측</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/confusion.py"/>
        <source>true</source>
        <translation>실제</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>First-layer filters</source>
        <translation>첫 층 필터</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>One tile per filter of the first convolution layer: its weight on each pixel of the window it slides over. Yellow pixels excite the filter, blue ones inhibit it.</source>
        <translation>첫 합성곱 층의 필터마다 타일 하나: 필터가 미끄러지며 보는 창의 각 픽셀에 대한 가중치입니다. 노란 픽셀은 필터를 흥분시키고, 파란 픽셀은 억제합니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>Filter tiles</source>
        <translation>필터 타일</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>Scale each filter separately</source>
        <translation>필터마다 따로 눈금 맞추기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>At the start</source>
        <translation>시작할 때</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>Show the filters as the run began (before training), to compare</source>
        <translation>비교할 수 있도록 실행이 시작될 때(학습 전)의 필터를 보여 줍니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>{0} filters of {1}×{2}</source>
        <translation>{1}×{2} 필터 {0}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>(averaged over {0} input channels)</source>
        <translation>(입력 채널 {0}개의 평균)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/filters.py"/>
        <source>Filters</source>
        <translation>필터</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/weights.py"/>
        <source>First-layer weights</source>
        <translation>첫 번째 층의 가중치</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/weights.py"/>
        <source>One tile per hidden unit: its weight on each input pixel. Yellow pixels excite the unit, blue pixels inhibit it.</source>
        <translation>은닉 유닛마다 타일 하나로, 입력 픽셀 각각에 대한 가중치를 보여 줍니다. 노란 픽셀은 유닛을 활성화하고, 파란 픽셀은 억제합니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/weights.py"/>
        <source>Weight tiles</source>
        <translation>가중치 타일</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/weights.py"/>
        <source>Scale each unit separately</source>
        <translation>유닛마다 따로 색 범위 맞추기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/weights.py"/>
        <source>On: every tile uses its full colour range (shows each pattern). Off: one scale for all (shows which units have large weights).</source>
        <translation>켜면 타일마다 색 범위 전체를 씁니다(각 패턴이 잘 보입니다). 끄면 모든 타일에 같은 척도를 씁니다(가중치가 큰 유닛이 드러납니다).</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/weights.py"/>
        <source>Weights are shown as images when the network reads images.</source>
        <translation>신경망의 입력이 이미지일 때 가중치를 이미지로 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/weights.py"/>
        <source>showing {0} of {1} units</source>
        <translation>유닛 {1}개 중 {0}개 표시</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/weights.py"/>
        <source>{0} hidden units</source>
        <translation>은닉 유닛 {0}개</translation>
    </message>
</context>
<context>
    <name>download</name>
    <message>
        <location filename="../../nnviz/gui/download.py"/>
        <source>No internet connection: nnviz could not reach the {0} mirrors.</source>
        <translation>인터넷에 연결되어 있지 않습니다: nnviz가 {0} 미러 서버에 접속하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/download.py"/>
        <source>The download failed: {0}: {1}.</source>
        <translation>다운로드에 실패했습니다: {0}: {1}.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/download.py"/>
        <source>Downloading {0}…</source>
        <translation>{0} 다운로드 중…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/download.py"/>
        <source>Downloaded to {0}.</source>
        <translation>다운로드 완료: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/download.py"/>
        <source>Download cancelled.</source>
        <translation>다운로드를 취소했습니다.</translation>
    </message>
</context>
<context>
    <name>feature_maps</name>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Network</source>
        <translation>신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Whose feature maps: the convnet being trained, or the one shipped with nnviz</source>
        <translation>누구의 특징 맵인가: 학습 중인 합성곱 신경망, 또는 nnviz에 들어 있는 것</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Network being trained</source>
        <translation>학습 중인 네트워크</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Built-in convnet</source>
        <translation>내장 합성곱 신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Test digit</source>
        <translation>테스트 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>A digit of the test set (the gallery's order)</source>
        <translation>테스트 세트의 숫자 (갤러리 순서)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>The drawn digit</source>
        <translation>그린 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>The digit drawn in the Draw a digit tab, as the network sees it</source>
        <translation>숫자 그리기 탭에서 그린 숫자 (네트워크가 보는 모습)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Which test digit</source>
        <translation>몇 번째 테스트 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Previous digit</source>
        <translation>이전 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Previous test digit</source>
        <translation>이전 테스트 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Next digit</source>
        <translation>다음 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Next test digit</source>
        <translation>다음 테스트 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Click a map to see it large.</source>
        <translation>맵을 클릭하면 크게 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>{0}: the {1} values above in one row</source>
        <translation>{0}: 위의 값 {1}개를 한 줄로</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>{0}: {1} maps of {2}×{3}</source>
        <translation>{0}: {2}×{3} 맵 {1}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>{0}: class probabilities (softmax of {1} scores)</source>
        <translation>{0}: 클래스 확률 (점수 {1}개의 소프트맥스)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>{0}: {1} values</source>
        <translation>{0}: 값 {1}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>{0}, map {1} of {2} (same grey scale as its layer)</source>
        <translation>{0}, 맵 {1}/{2} (층과 같은 회색 눈금)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Feature maps</source>
        <translation>특징 맵</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>Draw a digit in the Draw a digit tab first.</source>
        <translation>먼저 숫자 그리기 탭에서 숫자를 그리세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>true: {0}</source>
        <translation>실제: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>The built-in convnet reads 28×28 digits; draw one in the Draw a digit tab.</source>
        <translation>내장 합성곱 신경망은 28×28 숫자를 읽습니다. 숫자 그리기 탭에서 하나 그리세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/feature_maps.py"/>
        <source>The built-in convnet, trained on MNIST digits by nnviz.</source>
        <translation>nnviz가 MNIST 숫자로 학습시킨 내장 합성곱 신경망입니다.</translation>
    </message>
</context>
<context>
    <name>glass_box</name>
    <message>
        <location filename="../../nnviz/gui/compgraph.py"/>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Computational graph</source>
        <translation>계산 그래프</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/compgraph.py"/>
        <source>Forward values above the edges, backward values (∂L/∂value) below in red</source>
        <translation>간선 위에는 순전파 값, 아래에는 역전파 값(∂L/∂값)이 빨간색으로 표시됩니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/compgraph.py"/>
        <source>Step one mini-batch to see the computational graph of a sample.</source>
        <translation>미니배치 한 단계를 실행하면 샘플 하나의 계산 그래프가 보입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/compgraph.py"/>
        <source>{0} → {1}, {2}
forward:
{3}
backward (∂L/∂{2}):
{4}</source>
        <translation>{0} → {1}, {2}
순전파:
{3}
역전파 (∂L/∂{2}):
{4}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Glass-box network</source>
        <translation>유리 상자 신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Click a neuron or a link to see its numbers</source>
        <translation>뉴런이나 연결을 클릭하면 그 숫자들이 보입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Step one mini-batch</source>
        <translation>미니배치 한 단계</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Train the next mini-batch with plain SGD and show every number of it</source>
        <translation>다음 미니배치를 기본 SGD로 학습하고 그 모든 숫자를 보여 줍니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Forward ▶</source>
        <translation>순전파 ▶</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Forward</source>
        <translation>순전파</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Show the next layer of the forward pass: z = Σ w·a + b and the activation</source>
        <translation>순전파의 다음 층을 보여 줍니다: z = Σ w·a + b와 활성화 값</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>◀ Backward</source>
        <translation>◀ 역전파</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Backward</source>
        <translation>역전파</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Show the next layer of the backward pass, from the output: δ, ∂L/∂w, the update</source>
        <translation>출력부터 역전파의 다음 층을 보여 줍니다: δ, ∂L/∂w, 갱신</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Sample</source>
        <translation>샘플</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Which sample of the mini-batch the numbers are of</source>
        <translation>미니배치의 어느 샘플의 숫자를 볼지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Numbers</source>
        <translation>숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Glass box</source>
        <translation>유리 상자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>The glass box shows networks of at most {0} units a layer; this one has a layer of {1}. Choose fewer neurons (or a set with fewer inputs) and Reset.</source>
        <translation>유리 상자는 층마다 뉴런이 최대 {0}개인 신경망만 보여 줍니다. 이 신경망에는 {1}개짜리 층이 있습니다. 뉴런 수를 줄이거나 입력이 적은 데이터를 고른 뒤 초기화하세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Press Step one mini-batch: the next batch is trained with every number shown.</source>
        <translation>미니배치 한 단계를 누르세요. 다음 배치를 학습하면서 모든 숫자를 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>class {0}</source>
        <translation>클래스 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Step {0} (iteration {1}): a batch of {2}, loss {3} · sample {4}: {5}, its loss {6} · η = {7} · largest relative error of backprop vs numerical {8}</source>
        <translation>단계 {0} (반복 {1}): 배치 {2}개, 손실 {3} · 샘플 {4}: {5}, 그 손실 {6} · η = {7} · 오차역전파와 수치 미분의 최대 상대 오차 {8}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>This run trains with {0}; the glass box steps with plain SGD, w ← w − η·∂L/∂w.</source>
        <translation>이 실행은 {0}(으)로 학습합니다. 유리 상자는 기본 SGD(w ← w − η·∂L/∂w)로 한 단계를 진행합니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>The computational graph shows Softmax-with-Loss; this network has an MSE output.</source>
        <translation>계산 그래프는 Softmax-with-Loss를 보여 줍니다. 이 신경망의 출력은 MSE입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Layer {0}, forward: z = Σ w·a + b and {1} = {2}(z) of each neuron</source>
        <translation>{0}층, 순전파: 각 뉴런의 z = Σ w·a + b와 {1} = {2}(z)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>neuron</source>
        <translation>뉴런</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Layer {0}, backward: ∂L/∂w of the batch by backpropagation, the numerical gradient beside it, and the update w ← w − η·∂L/∂w</source>
        <translation>{0}층, 역전파: 오차역전파로 구한 배치의 ∂L/∂w, 그 옆의 수치 미분 기울기, 갱신 w ← w − η·∂L/∂w</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>parameter</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>numerical</source>
        <translation>수치 미분</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>rel. error</source>
        <translation>상대 오차</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>w after</source>
        <translation>갱신 후 w</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Click a neuron or a link to see its equation with the real numbers.</source>
        <translation>뉴런이나 연결을 클릭하면 실제 숫자로 된 식이 보입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Computational graph of sample {0} (weights before the step): forward values above the edges, backward values ∂L/∂value below in red; L is this sample's loss</source>
        <translation>샘플 {0}의 계산 그래프(갱신 전 가중치): 간선 위는 순전파 값, 아래 빨간색은 역전파 값 ∂L/∂값이며, L은 이 샘플의 손실입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Input {0} of sample {1}: x = {2}</source>
        <translation>샘플 {1}의 입력 {0}: x = {2}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Output {0}</source>
        <translation>출력 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Layer {0}, neuron {1}</source>
        <translation>{0}층 {1}번 뉴런</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Walk the forward pass (Forward ▶) to this layer to see its numbers.</source>
        <translation>순전파(순전파 ▶)를 이 층까지 진행하면 숫자가 보입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Walk the backward pass (◀ Backward) to this layer for δ.</source>
        <translation>δ를 보려면 역전파(◀ 역전파)를 이 층까지 진행하세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>δ = ∂L/∂z = {0} (this sample's share of the batch loss)</source>
        <translation>δ = ∂L/∂z = {0} (배치 손실 중 이 샘플의 몫)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>∂L/∂b = {0} (the batch's δ summed) · numerical {1} · relative error {2}</source>
        <translation>∂L/∂b = {0} (배치의 δ를 합한 값) · 수치 미분 {1} · 상대 오차 {2}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>output</source>
        <translation>출력</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>W{0}[{1}, {2}] = {3}, from {4} {5} to {6} {7}</source>
        <translation>W{0}[{1}, {2}] = {3}, {4} {5}에서 {6} {7}(으)로</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>carries w·a = {0}·{1} = {2} into z</source>
        <translation>z에 w·a = {0}·{1} = {2}를 더합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>Walk the backward pass (◀ Backward) to this layer for ∂L/∂w.</source>
        <translation>∂L/∂w를 보려면 역전파(◀ 역전파)를 이 층까지 진행하세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>∂L/∂w = {0} (backpropagation, the batch) · numerical {1} · relative error {2}</source>
        <translation>∂L/∂w = {0} (오차역전파, 배치) · 수치 미분 {1} · 상대 오차 {2}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/glassbox.py"/>
        <source>this sample's share: a·δ = {0}·{1} = {2}</source>
        <translation>이 샘플의 몫: a·δ = {0}·{1} = {2}</translation>
    </message>
</context>
<context>
    <name>labs</name>
    <message>
        <location filename="../../nnviz/app/labs/batch_norm.py"/>
        <source>batch norm</source>
        <translation>배치 정규화</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/batch_norm.py"/>
        <source>no batch norm</source>
        <translation>배치 정규화 없음</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/overfitting.py"/>
        <source>plain</source>
        <translation>규제 없음</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/overfitting.py"/>
        <source>weight decay λ 0.1</source>
        <translation>가중치 감소 λ 0.1</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/overfitting.py"/>
        <source>dropout 0.2</source>
        <translation>드롭아웃 0.2</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/__init__.py"/>
        <source>nnviz lab — {0}</source>
        <translation>nnviz 실습 — {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/__init__.py"/>
        <source>This lab has no live view yet; it runs headless with:
{0}</source>
        <translation>이 실습은 아직 화면으로 볼 수 없습니다. 다음 명령으로 화면 없이 실행합니다:
{0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/__init__.py"/>
        <source>nnviz — your race</source>
        <translation>nnviz — 나의 경주</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/__init__.py"/>
        <source>Your settings racing on the same data, initial weights and mini-batches. Change the network panel (optimizer, layers, learning rate, …) and choose Labs → Race these settings again to add a contender (up to 8).</source>
        <translation>같은 데이터, 초기 가중치, 미니배치로 경주하는 내 설정들입니다. 신경망 패널(옵티마이저, 층, 학습률 등)을 바꾸고 실습 → 이 설정으로 경주를 다시 고르면 참가자가 추가됩니다(최대 8개).</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Train the grid, cell by cell</source>
        <translation>칸을 하나씩 학습시켜 격자를 채웁니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Train the cell in progress for one more epoch</source>
        <translation>진행 중인 칸을 한 에폭 더 학습시킵니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Empty the grid</source>
        <translation>격자를 비웁니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Epochs per cell</source>
        <translation>칸마다 에폭 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Epochs per cell:</source>
        <translation>칸마다 에폭:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Batch norm grid</source>
        <translation>배치 정규화 격자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Training accuracy per epoch with (solid) and without (dashed) batch norm, one plot per initial weight scale</source>
        <translation>배치 정규화를 쓸 때(실선)와 쓰지 않을 때(점선)의 에폭별 훈련 정확도, 가중치 초깃값 크기마다 그래프 하나</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Batch norm</source>
        <translation>배치 정규화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>How far the grid got</source>
        <translation>격자를 얼마나 채웠는지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>with batch norm</source>
        <translation>배치 정규화 사용</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>without</source>
        <translation>사용 안 함</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <location filename="../../nnviz/gui/labs/playback.py"/>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Press Train or Step to fill the grid.</source>
        <translation>학습 또는 한 단계를 눌러 격자를 채우세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>std {0}</source>
        <translation>표준편차 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>without: diverged</source>
        <translation>사용 안 함: 발산</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>All {0} cells trained</source>
        <translation>{0}칸 모두 학습 완료</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>Cell {0} of {1} (std {2}), epoch {3} of {4}</source>
        <translation>{1}칸 중 {0}번째 칸(표준편차 {2}), {4}에폭 중 {3}에폭</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/batch_norm_view.py"/>
        <source>batch norm learnt faster in {0} of {1} finished cells</source>
        <translation>끝난 {1}칸 중 {0}칸에서 배치 정규화가 더 빨리 학습</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/histograms.py"/>
        <source>Activation histograms</source>
        <translation>활성화 히스토그램</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/histograms.py"/>
        <source>Where each hidden layer's outputs land, one histogram per layer</source>
        <translation>은닉층마다 출력값이 어디에 분포하는지 층별 히스토그램으로 보여 줍니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/histograms.py"/>
        <source>{0}-layer</source>
        <translation>{0}층</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/histograms.py"/>
        <source>mean {0} · std {1}</source>
        <translation>평균 {0} · 표준편차 {1}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>std 1</source>
        <translation>표준편차 1</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>std 0.01</source>
        <translation>표준편차 0.01</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>sigmoid</source>
        <translation>시그모이드</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>Initialisation</source>
        <translation>가중치 초기화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>How the weights are drawn</source>
        <translation>가중치를 뽑는 방법</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>Each layer's activation function</source>
        <translation>각 층의 활성화 함수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>Initial weights:</source>
        <translation>초기 가중치:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/init_activations.py"/>
        <source>Activation:</source>
        <translation>활성화 함수:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>The book's valley</source>
        <translation>책의 골짜기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Rosenbrock's banana</source>
        <translation>로젠브록의 바나나</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>A saddle between two minima</source>
        <translation>두 최솟값 사이의 안장점</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Beale's function</source>
        <translation>빌 함수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <location filename="../../nnviz/gui/labs/playback.py"/>
        <source>Step</source>
        <translation>한 걸음</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Steps taken so far</source>
        <translation>지금까지 움직인 걸음 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Surface</source>
        <translation>곡면</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>The function the optimizers minimise</source>
        <translation>옵티마이저가 최소화하는 함수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Play or pause the steps</source>
        <translation>걸음을 재생하거나 일시 정지합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Every optimizer takes one step</source>
        <translation>모든 옵티마이저가 한 걸음 움직입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <location filename="../../nnviz/gui/labs/playback.py"/>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Back to the start, step 0</source>
        <translation>시작점으로, 0걸음으로 돌아갑니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Steps per second while playing</source>
        <translation>재생할 때 초당 걸음 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source> steps/s</source>
        <translation>걸음/초</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Steps</source>
        <translation>걸음 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Play stops after this step</source>
        <translation>이 걸음에서 재생을 멈춥니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Surface:</source>
        <translation>곡면:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Speed:</source>
        <translation>속도:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Stop at step:</source>
        <translation>멈출 걸음:</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/__init__.py"/>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Optimizer paths</source>
        <translation>옵티마이저 경로</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Contours of the surface and each optimizer's path; click to move the start</source>
        <translation>곡면의 등고선과 옵티마이저마다의 경로입니다. 클릭하면 시작점을 옮깁니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Learning rates</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>{0} learning rate</source>
        <translation>{0} 학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Change it to redraw {0}'s path at the new rate</source>
        <translation>바꾸면 {0}의 경로를 새 학습률로 다시 그립니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <source>Step {0} of {1} · start ({2}, {3})</source>
        <translation>{1}걸음 중 {0}걸음 · 시작점 ({2}, {3})</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/optimizer_paths.py"/>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>diverged: {0}</source>
        <translation>발산: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/playback.py"/>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Train or pause every contender</source>
        <translation>모든 참가자를 학습시키거나 일시 정지합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Every contender trains on the next 16 mini-batches</source>
        <translation>모든 참가자가 다음 미니배치 16개로 학습합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Every contender back to its initial weights</source>
        <translation>모든 참가자를 초기 가중치로 되돌립니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Race</source>
        <translation>경주</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Each contender's smoothed training loss, on the same mini-batches</source>
        <translation>같은 미니배치로 학습한 참가자별 평활화한 학습 손실</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Each contender's training (solid) and test (dashed) accuracy after every epoch</source>
        <translation>에폭마다 측정한 각 참가자의 훈련(실선) 정확도와 시험(점선) 정확도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>iteration</source>
        <translation>반복</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>loss (smoothed)</source>
        <translation>손실 (평활화)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>epoch</source>
        <translation>에폭</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>accuracy: training (solid), test (dashed)</source>
        <translation>정확도: 훈련(실선), 시험(점선)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>How far the race has got</source>
        <translation>경주가 어디까지 진행되었는지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Press Train or Step to start the race.</source>
        <translation>학습 또는 한 걸음을 눌러 경주를 시작하세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Contenders</source>
        <translation>참가자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Select a contender to remove it or to race a copy of it with a change</source>
        <translation>참가자를 골라 빼거나, 설정을 바꾼 사본을 경주에 넣으세요</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Remove</source>
        <translation>빼기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Take the selected contender out of the race</source>
        <translation>고른 참가자를 경주에서 뺍니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>The copy's learning rate</source>
        <translation>사본의 학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Weight decay λ</source>
        <translation>가중치 감소 λ</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>The copy's weight decay λ</source>
        <translation>사본의 가중치 감소 λ</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Duplicate with these settings</source>
        <translation>이 설정으로 복제</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Race a copy of the selected contender with this learning rate and weight decay; it replays the race so far to catch up</source>
        <translation>고른 참가자의 사본을 이 학습률과 가중치 감소로 경주에 넣습니다. 사본은 지금까지의 경주를 다시 학습해 따라잡습니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>lr {0}</source>
        <translation>학습률 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>λ {0}</source>
        <translation>λ {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>copy</source>
        <translation>사본</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Iteration {0}</source>
        <translation>반복 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Iteration {0} of {1}</source>
        <translation>반복 {1}회 중 {0}회</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Epoch {0}</source>
        <translation>에폭 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>Epoch {0} of {1}</source>
        <translation>{1}에폭 중 {0}에폭</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>training − test accuracy, points: {0}</source>
        <translation>훈련 − 시험 정확도(%p): {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>{0} samples/s</source>
        <translation>초당 샘플 {0}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/race_view.py"/>
        <source>catching up: {0}</source>
        <translation>따라잡는 중: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>validation accuracy</source>
        <translation>검증 정확도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>training accuracy</source>
        <translation>훈련 정확도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Best trials</source>
        <translation>가장 좋은 시행</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>The best 20 trials: validation (solid) and training (dashed) accuracy per epoch; click one to choose it</source>
        <translation>가장 좋은 시행 20개의 에폭별 검증(실선) 정확도와 훈련(점선) 정확도. 클릭하면 그 시행을 고릅니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Search</source>
        <translation>탐색</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>How far the search got</source>
        <translation>탐색이 어디까지 진행되었는지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Press Search to start.</source>
        <translation>탐색을 눌러 시작하세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Trials</source>
        <translation>시행</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>How many draws</source>
        <translation>몇 번 뽑을지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Epochs per trial</source>
        <translation>시행마다의 에폭 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Run or pause the search</source>
        <translation>탐색을 실행하거나 일시 정지합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>New search</source>
        <translation>새 탐색</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Drop these trials; the next search draws new ones with the settings</source>
        <translation>지금의 시행을 버립니다. 다음 탐색은 설정대로 새로 뽑습니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Trials:</source>
        <translation>시행 수:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Epochs per trial:</source>
        <translation>시행마다의 에폭 수:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Each trial's learning rate and weight decay, coloured by validation accuracy</source>
        <translation>시행마다의 학습률과 가중치 감소 계수, 검증 정확도에 따라 색칠</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>weight decay λ</source>
        <translation>가중치 감소 계수 λ</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Trial</source>
        <translation>시행</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>A finished trial, best first</source>
        <translation>끝난 시행(좋은 순서)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Open as a run</source>
        <translation>실행으로 열기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Set up the main window with this trial's network and training settings</source>
        <translation>이 시행의 신경망과 학습 설정을 메인 창에 적용합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Trial:</source>
        <translation>시행:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Opened trial {0} in the main window: learning rate {1}, λ {2}.</source>
        <translation>시행 {0}을(를) 메인 창에서 열었습니다: 학습률 {1}, λ {2}.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>{0} of {1} trials</source>
        <translation>시행 {1}회 중 {0}회</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>best: {0}% validation at learning rate {1}, λ {2}</source>
        <translation>최고: 학습률 {1}, λ {2}에서 검증 정확도 {0}%</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>Best-{0} (val acc: {1})</source>
        <translation>Best-{0} (검증 정확도: {1})</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/labs/search_view.py"/>
        <source>#{0}: trial {1}, learning rate {2}, λ {3} — {4}% validation</source>
        <translation>{0}위: 시행 {1}, 학습률 {2}, λ {3} — 검증 {4}%</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/__init__.py"/>
        <source>Activations by initialisation</source>
        <translation>초깃값에 따른 활성화 분포</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/__init__.py"/>
        <source>Optimizers on MNIST (a race)</source>
        <translation>MNIST에서 옵티마이저 비교 (경주)</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/__init__.py"/>
        <source>Initialisations on MNIST (a race)</source>
        <translation>MNIST에서 초깃값 비교 (경주)</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/__init__.py"/>
        <source>Batch normalisation</source>
        <translation>배치 정규화</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/__init__.py"/>
        <source>Overfitting, weight decay and dropout</source>
        <translation>오버피팅, 가중치 감소, 드롭아웃</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/labs/__init__.py"/>
        <source>Hyperparameter search</source>
        <translation>하이퍼파라미터 탐색</translation>
    </message>
</context>
<context>
    <name>network_view</name>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>Network graph</source>
        <translation>신경망 그래프</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>Every neuron with its activation over the input plane; click a neuron to show its map in the main view, click a link to type its weight or drag it up and down</source>
        <translation>입력 평면 위에서 각 뉴런의 활성화를 보여 줍니다. 뉴런을 클릭하면 주 화면에 그 지도가 나오고, 연결을 클릭하면 가중치를 입력하거나 위아래로 끌어 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>New weight</source>
        <translation>새 가중치</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>Type the link's new weight and press Enter (Escape leaves it as it is)</source>
        <translation>연결의 새 가중치를 입력하고 Enter를 누르세요(Esc는 그대로 둡니다)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>{0} of {1}</source>
        <translation>{1}개 중 {0}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>output</source>
        <translation>출력</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>layer {0}</source>
        <translation>{0}층</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>input {0}</source>
        <translation>입력 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>input x{0}</source>
        <translation>입력 x{0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>output: class {0}</source>
        <translation>출력: 클래스 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>layer {0}, neuron {1} — click to show its map</source>
        <translation>{0}층 {1}번 뉴런 — 클릭하면 이 뉴런의 맵을 보여 줍니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>weight W{0}[{1}, {2}] = {3}</source>
        <translation>가중치 W{0}[{1}, {2}] = {3}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>Network</source>
        <translation>신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>Click a link to type a new weight, or drag it up or down; Ctrl+Z undoes.</source>
        <translation>연결을 클릭해 새 가중치를 입력하거나 위아래로 끌어 보세요. Ctrl+Z로 되돌립니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>Undo Weight Edit</source>
        <translation>가중치 편집 실행 취소</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>Redo Weight Edit</source>
        <translation>가중치 편집 다시 실행</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>{0}: {1} → {2}. Loss now: train {3}, test {4}. Ctrl+Z undoes.</source>
        <translation>{0}: {1} → {2}. 현재 손실: 학습 {3}, 테스트 {4}. Ctrl+Z로 되돌립니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/network.py"/>
        <source>The decision-boundary view shows layer {0}, neuron {1}; click it again to go back.</source>
        <translation>결정 경계 보기에 {0}층의 {1}번 뉴런을 표시합니다. 다시 클릭하면 돌아갑니다.</translation>
    </message>
</context>
<context>
    <name>paint</name>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Target of new points</source>
        <translation>새 점의 목표값</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>The value a painted point asks the network to predict</source>
        <translation>그린 점이 신경망에 예측하도록 요구하는 값</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Target</source>
        <translation>목표값</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Eraser</source>
        <translation>지우개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Delete the point nearest each click</source>
        <translation>클릭할 때마다 가장 가까운 점을 지웁니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Take back the last painted change (Ctrl+Z)</source>
        <translation>마지막으로 그린 변경을 되돌립니다 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Paint the change again (Ctrl+Shift+Z)</source>
        <translation>되돌린 변경을 다시 적용합니다 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Undo painted point</source>
        <translation>그린 점 실행 취소</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Redo painted point</source>
        <translation>그린 점 다시 실행</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Paint class {0}</source>
        <translation>클래스 {0} 그리기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Nothing to undo.</source>
        <translation>되돌릴 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>Nothing to redo.</source>
        <translation>다시 실행할 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/paint_tools.py"/>
        <source>No point near the click to delete.</source>
        <translation>클릭한 곳 근처에 지울 점이 없습니다.</translation>
    </message>
</context>
<context>
    <name>painting</name>
    <message>
        <location filename="../../nnviz/app/painting.py"/>
        <source>Only 2-D points and 1-D regression points can be painted.</source>
        <translation>2차원 점과 1차원 회귀 점만 그릴 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/painting.py"/>
        <source>Keep at least one training point.</source>
        <translation>학습 점을 하나 이상 남겨 두세요.</translation>
    </message>
</context>
<context>
    <name>panels</name>
    <message>
        <location filename="../../nnviz/gui/arch_edit.py"/>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Network type</source>
        <translation>네트워크 종류</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/arch_edit.py"/>
        <source>Fully connected layers, or a convolutional network (images only)</source>
        <translation>완전 연결 층, 또는 합성곱 신경망 (이미지 전용)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/arch_edit.py"/>
        <source>Fully connected</source>
        <translation>완전 연결</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/arch_edit.py"/>
        <source>Convolutional</source>
        <translation>합성곱</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/arch_edit.py"/>
        <source>Layers</source>
        <translation>층별 통계</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/arch_edit.py"/>
        <source>The layers, first first, e.g. {0} (conv:FILTERSxHxW with /sN stride and /pN padding, pool:K, fc:N, relu, bn, dropout:R); conv alone is the book's SimpleConvNet. The output layer is added.</source>
        <translation>층을 첫 층부터 적습니다. 예: {0} (conv:필터수x높이x너비, /sN 스트라이드, /pN 패딩, pool:K, fc:N, relu, bn, dropout:R). conv만 쓰면 책의 SimpleConvNet입니다. 출력층은 자동으로 붙습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Sigmoid</source>
        <translation>시그모이드</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Linear (none)</source>
        <translation>선형 (없음)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Softplus</source>
        <translation>Softplus</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>SiLU (swish)</source>
        <translation>SiLU (swish)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Normal (std)</source>
        <translation>정규분포 (표준편차)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Uniform ±1/√fan-in</source>
        <translation>균등 ±1/√fan-in</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Backpropagation</source>
        <translation>역전파</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Numerical (central differences)</source>
        <translation>수치 미분 (중앙 차분)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Momentum</source>
        <translation>모멘텀</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>AdaGrad</source>
        <translation>AdaGrad</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>The data the network learns from</source>
        <translation>신경망이 학습할 데이터</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Samples per class</source>
        <translation>클래스당 샘플 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Points per class (2-D sets) or how many training images to use (0 = all)</source>
        <translation>클래스당 점 개수(2차원 데이터) 또는 사용할 학습 이미지 수(0 = 전부)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Noise</source>
        <translation>노이즈</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>How much the points scatter</source>
        <translation>점이 흩어진 정도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Classes</source>
        <translation>클래스 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Number of classes (where the set allows it)</source>
        <translation>클래스 개수 (데이터셋이 허용하는 경우)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Test share</source>
        <translation>테스트 비율</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Share of the data held out to test on (hollow points)</source>
        <translation>테스트용으로 떼어 둘 데이터의 비율 (속이 빈 점)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Data seed</source>
        <translation>데이터 시드</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Random seed of the generated points</source>
        <translation>점을 생성하는 난수 시드</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Samples/class</source>
        <translation>클래스당 샘플</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Draw a fresh random sample of the points (new seed)</source>
        <translation>새 시드로 점을 새로 뽑습니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Download the dataset into nnviz's cache</source>
        <translation>데이터셋을 nnviz 캐시에 다운로드합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Cancel download</source>
        <translation>다운로드 취소</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Stop the download</source>
        <translation>다운로드를 중지합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Choose folder…</source>
        <translation>폴더 선택…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Choose folder</source>
        <translation>폴더 선택</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Use dataset files you already have</source>
        <translation>이미 가지고 있는 데이터셋 파일을 사용합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Download progress</source>
        <translation>다운로드 진행률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Choose CSV…</source>
        <translation>CSV 선택…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Choose a CSV file</source>
        <translation>CSV 파일 선택</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>A CSV file of x,y,label rows (an optional 4th column says train or test)</source>
        <translation>x,y,label 행으로 된 CSV 파일 (네 번째 열을 두면 train 또는 test로 나눕니다)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Label column</source>
        <translation>레이블 열</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>The column that holds the classes; every other column is a feature</source>
        <translation>클래스가 들어 있는 열입니다. 나머지 열은 모두 특성입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Needs scikit-learn: pip install "nnviz[digits]"</source>
        <translation>scikit-learn이 필요합니다: pip install "nnviz[digits]"</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>MNIST digits</source>
        <translation>MNIST 손글씨 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>This folder holds {0}, not {1}.</source>
        <translation>이 폴더에는 {1} 대신 {0} 파일이 들어 있습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>A CSV file with a header row: numeric feature columns and a label column</source>
        <translation>헤더 행이 있는 CSV 파일: 숫자 특성 열과 레이블 열</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>all</source>
        <translation>전부</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Train images</source>
        <translation>학습 이미지 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>No file chosen yet.</source>
        <translation>아직 선택한 파일이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>{0} not found.</source>
        <translation>{0} 데이터를 찾을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>{0} not found — download it or choose a folder.</source>
        <translation>{0} 데이터를 찾을 수 없습니다 — 다운로드하거나 폴더를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Found in {0}</source>
        <translation>위치: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Choose a CSV file with a header row, feature columns and a label column.</source>
        <translation>헤더 행, 특성 열, 레이블 열이 있는 CSV 파일을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Choose a CSV file of x,y,label rows for your own points.</source>
        <translation>직접 만든 점 데이터로 쓸, x,y,label 행으로 된 CSV 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>{0} / {1} MB</source>
        <translation>{0} / {1} MB</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>+ Add layer</source>
        <translation>+ 층 추가</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Add layer</source>
        <translation>층 추가</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Add a hidden layer (same width as the last one)</source>
        <translation>은닉층을 추가합니다 (마지막 층과 같은 뉴런 수)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>− Remove layer</source>
        <translation>− 층 제거</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Remove layer</source>
        <translation>층 제거</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Remove the last hidden layer</source>
        <translation>마지막 은닉층을 제거합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>No hidden layer: a linear softmax classifier.</source>
        <translation>은닉층 없음: 선형 소프트맥스 분류기입니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Layer {0}</source>
        <translation>{0}층</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Neurons in hidden layer {0}</source>
        <translation>{0}번째 은닉층의 뉴런 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Activation of hidden layer {0}</source>
        <translation>{0}번째 은닉층의 활성화 함수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>This layer's non-linearity (default: the Activation row's)</source>
        <translation>이 층의 비선형 함수 (기본값: 활성화 함수 행의 값)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>same</source>
        <translation>동일</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Remove this layer</source>
        <translation>이 층을 제거합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Remove layer {0}</source>
        <translation>{0}층 제거</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Samples per update</source>
        <translation>한 번 갱신할 때 쓰는 샘플 수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Full batch</source>
        <translation>전체 배치</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Use the whole training set for every update</source>
        <translation>매번 학습 데이터 전체로 갱신합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Input {0}</source>
        <translation>입력 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Feed {0} to the network (applies on Reset)</source>
        <translation>{0}을(를) 신경망 입력으로 넣습니다(초기화할 때 적용)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Learning-rate schedule</source>
        <translation>학습률 스케줄</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>constant · step:30:0.5 (× 0.5 every 30 epochs) · exp:0.99 (× 0.99 per epoch) · cosine (down to 0 at the epoch limit) · warmup:5+cosine (5 epochs of warm-up first); applies on Reset</source>
        <translation>constant · step:30:0.5 (30 에폭마다 × 0.5) · exp:0.99 (에폭마다 × 0.99) · cosine (에폭 한도에서 0까지) · warmup:5+cosine (먼저 5 에폭 워밍업); 리셋하면 적용됩니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Targets watch</source>
        <translation>목표를 볼 데이터</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Which split the targets watch</source>
        <translation>목표 손실과 정확도를 확인할 데이터 분할</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>training</source>
        <translation>훈련</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>test</source>
        <translation>테스트</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Target loss</source>
        <translation>목표 손실</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Stop once the loss is at or below this (0 = off)</source>
        <translation>손실이 이 값 이하가 되면 멈춥니다 (0 = 끔)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Target accuracy</source>
        <translation>목표 정확도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Stop once the accuracy (in %) is at or above this (0 = off)</source>
        <translation>정확도(%)가 이 값 이상이 되면 멈춥니다 (0 = 끔)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Patience</source>
        <translation>인내 에폭</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Early stopping: stop when the test loss has not improved for this many epochs (0 = off)</source>
        <translation>조기 종료: 테스트 손실이 이만큼의 에폭 동안 나아지지 않으면 멈춥니다 (0 = 끔)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Restore the best weights</source>
        <translation>가장 좋은 가중치로 되돌리기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>restore best</source>
        <translation>최적으로 복원</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>When early stopping ends the run, go back to the weights of the epoch with the lowest test loss</source>
        <translation>조기 종료로 훈련이 끝나면 테스트 손실이 가장 낮았던 에폭의 가중치로 되돌립니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>loss ≤</source>
        <translation>손실 ≤</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>accuracy ≥</source>
        <translation>정확도 ≥</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>patience</source>
        <translation>인내</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Inputs</source>
        <translation>입력</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Hidden layers</source>
        <translation>은닉층</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Non-linearity of every hidden layer</source>
        <translation>모든 은닉층에 쓰는 비선형 함수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Initialisation</source>
        <translation>가중치 초기화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>How the weights start</source>
        <translation>가중치의 초깃값을 정하는 방법</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Initial std</source>
        <translation>초기 표준편차</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Standard deviation of the normal initialisation</source>
        <translation>정규분포 초기화의 표준편차</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Initialise biases too</source>
        <translation>편향도 초기화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>biases too</source>
        <translation>편향 포함</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Draw the biases like the weights instead of starting them at zero</source>
        <translation>편향을 0에서 시작하지 않고 가중치처럼 무작위로 뽑습니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Update rule</source>
        <translation>매개변수 갱신 방법</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Momentum coefficient</source>
        <translation>모멘텀 계수</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Step size; applies immediately, even while training</source>
        <translation>갱신 폭. 학습 중에도 바로 적용됩니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Schedule</source>
        <translation>스케줄</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Weight decay λ (loss += ½λΣW²); applies immediately</source>
        <translation>가중치 감소 λ (손실 += ½λΣW²). 바로 적용됩니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Epoch limit</source>
        <translation>에폭 한도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Stop after this many epochs (0 = no limit)</source>
        <translation>이 에폭 수만큼 학습하고 멈춥니다 (0 = 제한 없음)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Stop early</source>
        <translation>조기 종료</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Seed of the initial weights and the shuffling</source>
        <translation>초기 가중치와 데이터 섞기에 쓰는 난수 시드</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Gradient</source>
        <translation>기울기 계산</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>How gradients are computed: backpropagation, or numerical differences (slow)</source>
        <translation>기울기를 구하는 방법: 역전파 또는 수치 미분(느림)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Network</source>
        <translation>신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>no limit</source>
        <translation>제한 없음</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>{0} parameters</source>
        <translation>매개변수 {0}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Numerical gradients cost 2 forward passes per parameter: {0} forward passes per step. Only for tiny networks; backpropagation gets the same gradient from one forward and one backward pass.</source>
        <translation>수치 미분은 매개변수 하나마다 순전파가 2번 필요해 한 단계에 순전파를 {0}번 합니다. 아주 작은 신경망에만 쓰세요. 역전파는 순전파와 역전파 한 번씩으로 같은 기울기를 얻습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Start or pause training (Space)</source>
        <translation>학습을 시작하거나 일시정지합니다 (Space)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Step</source>
        <translation>한 에폭</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Train exactly one epoch (Right arrow)</source>
        <translation>정확히 한 에폭 학습 (오른쪽 화살표)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Build a fresh network with the current settings (Ctrl+R)</source>
        <translation>현재 설정으로 신경망을 새로 만듭니다 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Changed settings take effect on Reset.</source>
        <translation>바뀐 설정은 초기화하면 적용됩니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Epoch</source>
        <translation>에폭</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Learning rate in use</source>
        <translation>현재 학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Learning rate now {0}</source>
        <translation>현재 학습률 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Epoch {0} · data edited</source>
        <translation>에폭 {0} · 데이터 편집됨</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Epoch {0}</source>
        <translation>에폭 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Iteration {0}</source>
        <translation>반복 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>{0} · numerical step {1} / {2} parameters</source>
        <translation>{0} · 수치 미분 단계 매개변수 {1} / {2}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>{0} · vs backprop: relative error {1}</source>
        <translation>{0} · 역전파 대비 상대 오차 {1}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>{0} samples/s</source>
        <translation>초당 샘플 {0}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/panels.py"/>
        <source>Training time {0}</source>
        <translation>학습 시간 {0}</translation>
    </message>
</context>
<context>
    <name>session</name>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>Internal error in the training thread: {0}: {1}</source>
        <translation>학습 스레드 내부 오류: {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>Not enough memory for these settings; try a smaller network or dataset.</source>
        <translation>이 설정에는 메모리가 부족합니다. 더 작은 신경망이나 데이터셋으로 해 보세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>Load a dataset before opening a model.</source>
        <translation>모델을 열기 전에 데이터셋을 불러오세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>This model takes feature crosses of 2-D points: open it on 2-D point data.</source>
        <translation>이 모델은 2차원 점의 특성 교차를 입력으로 받습니다. 2차원 점 데이터에서 여세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>Only a fully connected network's weights can be edited.</source>
        <translation>완전연결 신경망의 가중치만 편집할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>This run has ended; press Reset to step through a new one.</source>
        <translation>이 실행은 끝났습니다. 초기화를 누르고 새 실행을 한 단계씩 진행하세요.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>The glass box shows fully connected networks of at most {0} units a layer.</source>
        <translation>유리 상자는 층마다 뉴런이 최대 {0}개인 완전연결 신경망만 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>There is no model to save yet.</source>
        <translation>아직 저장할 모델이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/engine.py"/>
        <source>There is no session to save yet.</source>
        <translation>아직 저장할 세션이 없습니다.</translation>
    </message>
</context>
<context>
    <name>tutorial_banner</name>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>R tutorial</source>
        <translation>R 튜토리얼</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>Lesson</source>
        <translation>레슨</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>train accuracy</source>
        <translation>학습 정확도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>test accuracy</source>
        <translation>테스트 정확도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>Tutorial</source>
        <translation>튜토리얼</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>Published result and yours</source>
        <translation>발표된 결과와 내 결과</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>Close the tutorial</source>
        <translation>튜토리얼 닫기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>Hide the tutorial banner (the settings stay)</source>
        <translation>튜토리얼 안내를 숨깁니다 (설정은 그대로 유지됩니다)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>training…</source>
        <translation>학습 중…</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>press Train</source>
        <translation>학습 버튼을 누르세요</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>{0} source code, re-run: {1} · you: {2}</source>
        <translation>{0} 소스 코드 재실행: {1} · 내 결과: {2}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>{0}: {1} {2} · you: {3}</source>
        <translation>{0}: {1} {2} · 내 결과: {3}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>{0} source code, re-run: {1} · you: {2} at epoch {3}</source>
        <translation>{0} 소스 코드 재실행: {1} · 내 결과: {2} (에폭 {3})</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tutorial_banner.py"/>
        <source>{0}: {1} · you: {2} at epoch {3}</source>
        <translation>{0}: {1} · 내 결과: {2} (에폭 {3})</translation>
    </message>
</context>
<context>
    <name>tutorials</name>
    <message>
        <location filename="../../nnviz/app/tutorials.py"/>
        <source>Two-layer net on the spiral</source>
        <translation>나선 데이터를 학습하는 2층 신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/tutorials.py"/>
        <source>MNIST inference with the book's weights</source>
        <translation>책의 가중치로 MNIST 추론하기</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/tutorials.py"/>
        <source>Linear softmax classifier on the spiral</source>
        <translation>나선 데이터의 선형 소프트맥스 분류기</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/tutorials.py"/>
        <source>Two-layer ReLU net on the spiral</source>
        <translation>나선 데이터를 학습하는 2층 ReLU 신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/tutorials.py"/>
        <source>FCNeuron two-layer net on 8×8 digits</source>
        <translation>8×8 숫자를 학습하는 FCNeuron 2층 신경망</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/tutorials.py"/>
        <source>Feature crosses: a linear model separates the circle</source>
        <translation>특성 교차: 선형 모델로 원 데이터 분리하기</translation>
    </message>
    <message>
        <location filename="../../nnviz/app/tutorials.py"/>
        <source>Training with numerical gradients</source>
        <translation>수치 미분으로 학습하기</translation>
    </message>
</context>
<context>
    <name>views</name>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>epoch</source>
        <translation>에폭</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>iteration</source>
        <translation>반복</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>train</source>
        <translation>학습</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>test</source>
        <translation>테스트</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>iteration {0}</source>
        <translation>반복 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>epoch {0}</source>
        <translation>에폭 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>train {0}</source>
        <translation>학습 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>test {0}</source>
        <translation>테스트 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>{0} per epoch; hover to read values</source>
        <translation>에폭별 {0}. 마우스를 올리면 값을 읽을 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>per epoch</source>
        <translation>에폭마다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>mean of 10 iterations</source>
        <translation>10회 반복 평균</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>mean of 100 iterations</source>
        <translation>100회 반복 평균</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>Loss points</source>
        <translation>손실 표시 간격</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>One point per epoch, or the mean loss of every N iterations (as the Deep Learning from Scratch 2 tutorial plots it)</source>
        <translation>에폭마다 점 하나, 또는 N회 반복마다 평균 손실 (밑바닥부터 시작하는 딥러닝 2의 튜토리얼처럼)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>Log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>Show the loss on a logarithmic axis</source>
        <translation>손실을 로그 축으로 표시합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>cross-entropy</source>
        <translation>교차 엔트로피</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>Accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>Regression metrics</source>
        <translation>회귀 지표</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>MSE</source>
        <translation>MSE(평균 제곱 오차)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>R²</source>
        <translation>R²(결정 계수)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>RMSE train {0}</source>
        <translation>RMSE 학습 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>R² train {0}</source>
        <translation>R² 학습 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/curves.py"/>
        <source>before: {0}</source>
        <translation>이전: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/rate_plot.py"/>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/rate_plot.py"/>
        <source>The learning rate of every epoch</source>
        <translation>에폭마다의 학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/rate_plot.py"/>
        <source>rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>Activations</source>
        <translation>활성화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>What the histograms show</source>
        <translation>히스토그램이 보여 주는 것</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>Time</source>
        <translation>시점</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>Drag back to see the histograms earlier in training; the right end is live</source>
        <translation>왼쪽으로 끌면 학습 초반의 히스토그램을 봅니다. 오른쪽 끝은 실시간입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>Shown</source>
        <translation>표시 중</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>The moment shown</source>
        <translation>표시 중인 시점</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>Time:</source>
        <translation>시점:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>Each hidden layer's outputs on 1,000 training examples, recorded while this tab is shown; drag the time slider back to compare.</source>
        <translation>학습 데이터 1,000개에 대한 은닉층별 출력입니다. 이 탭이 보이는 동안 기록되며, 시점 슬라이더를 뒤로 끌어 비교할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>This network has no hidden layers whose activations can be shown.</source>
        <translation>이 신경망에는 활성화를 보여 줄 은닉층이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/activations.py"/>
        <source>{0} (live)</source>
        <translation>{0} (실시간)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Decision boundary</source>
        <translation>결정 경계</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Class regions of the network over the input plane; points are the data</source>
        <translation>입력 평면 위에서 신경망이 나눈 클래스 영역입니다. 점은 데이터입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>prediction</source>
        <translation>예측값</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>prediction {0} at ({1}, {2})</source>
        <translation>({1}, {2})의 예측값 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Training history</source>
        <translation>학습 기록</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Drag to replay the boundary at earlier epochs; at the right end it is live</source>
        <translation>끌어서 이전 에폭의 경계를 다시 봅니다. 오른쪽 끝은 실시간입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Feature on the {0} axis</source>
        <translation>{0}축의 특성</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>The map is a slice through two features; the others stay at their means</source>
        <translation>지도는 두 특성을 지나는 단면입니다. 나머지 특성은 평균값으로 고정됩니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>x:</source>
        <translation>x:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>y:</source>
        <translation>y:</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>other features at their means</source>
        <translation>나머지 특성은 평균값</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Click: add a point · Shift-click: the next class · Ctrl-click: delete</source>
        <translation>클릭: 점 추가 · Shift+클릭: 다음 클래스 · Ctrl+클릭: 삭제</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Show test points</source>
        <translation>테스트 점 표시</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Discretize output</source>
        <translation>출력 이산화</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Click: add a point with the target value · Ctrl-click: delete</source>
        <translation>클릭: 목표값으로 점 추가 · Ctrl+클릭: 삭제</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Layer {0}, neuron {1}: its activation (click it in Network to go back)</source>
        <translation>{0}층 뉴런 {1}: 이 뉴런의 활성화 (네트워크 탭에서 다시 클릭하면 돌아갑니다)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Live · epoch {0}</source>
        <translation>실시간 · 에폭 {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Epoch {0} · iteration {1}</source>
        <translation>에폭 {0} · 반복 {1}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/boundary.py"/>
        <source>Replay of epoch {0}: drag to the right end to go live</source>
        <translation>에폭 {0} 다시 보기: 오른쪽 끝으로 끌면 실시간으로 돌아갑니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Test digits</source>
        <translation>테스트 숫자</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Test digits with the network's guess; red frames are mistakes</source>
        <translation>신경망의 예측을 붙인 테스트 숫자입니다. 빨간 테두리는 틀린 것입니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>No digits to show here.</source>
        <translation>여기에 보여 줄 숫자가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>No digits.</source>
        <translation>숫자가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>true: {0}</source>
        <translation>실제: {0}</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Show only mistakes</source>
        <translation>틀린 것만 보기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Show only the test digits the network gets wrong</source>
        <translation>신경망이 틀린 테스트 숫자만 보여 줍니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Show all</source>
        <translation>모두 보기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Show all digits</source>
        <translation>모든 숫자 보기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Remove the confusion-matrix filter</source>
        <translation>혼동 행렬 필터를 해제합니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Previous page</source>
        <translation>이전 페이지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>The previous page of digits</source>
        <translation>숫자의 이전 페이지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>Next page</source>
        <translation>다음 페이지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>The next page of digits</source>
        <translation>숫자의 다음 페이지</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>page {0} of {1} · {2} digits</source>
        <translation>{0}/{1} 페이지 · 숫자 {2}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/digits.py"/>
        <source>true {0}, predicted {1}: {2} digits</source>
        <translation>실제 {0}, 예측 {1}: 숫자 {2}개</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/fit_curve.py"/>
        <source>Fitted curve</source>
        <translation>맞춘 곡선</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/fit_curve.py"/>
        <source>The network's prediction y(x) over the points it learns from</source>
        <translation>신경망이 학습하는 점 위에 그린 예측 y(x)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/fit_curve.py"/>
        <source>Click: add a point (x, y) · Ctrl-click: delete</source>
        <translation>클릭: 점 (x, y) 추가 · Ctrl+클릭: 삭제</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/fit_curve.py"/>
        <source>Show each hidden unit</source>
        <translation>은닉 유닛마다 보기</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/fit_curve.py"/>
        <source>Draw every hidden unit's activation over x: the curve is built from them</source>
        <translation>x에 따른 각 은닉 유닛의 활성화를 그립니다. 곡선은 이들로 만들어집니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/fit_curve.py"/>
        <source>layer {0}</source>
        <translation>{0}층</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>Weight histograms</source>
        <translation>가중치 히스토그램</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>Distribution of each layer's weights</source>
        <translation>층마다 가중치의 분포</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>Gradient norms</source>
        <translation>기울기 노름</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>Size of each layer's weight gradient over training (log scale)</source>
        <translation>학습하는 동안 층마다 가중치 기울기의 크기 (로그 스케일)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>Weights per layer</source>
        <translation>층별 가중치</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>weight</source>
        <translation>가중치</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>Gradient norm per layer ‖∂L/∂W‖</source>
        <translation>층별 기울기 노름 ‖∂L/∂W‖</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/layers.py"/>
        <source>Layers</source>
        <translation>층별 통계</translation>
    </message>
</context>
<context>
    <name>warp_view</name>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>Hidden-space warp</source>
        <translation>은닉 공간 변형</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>layer {0}, neuron {1}</source>
        <translation>{0}층 {1}번 뉴런</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>Hidden space</source>
        <translation>은닉 공간</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>Hidden layer</source>
        <translation>은닉층</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>Which hidden layer to look into</source>
        <translation>들여다볼 은닉층</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>Cycle</source>
        <translation>다음 쌍</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>Show the next pair of this layer's neurons</source>
        <translation>이 층의 다음 뉴런 쌍을 보여 줍니다</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>{0} ({1} neurons)</source>
        <translation>{0} (뉴런 {1}개)</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>This network has no hidden layer: the warp shows what hidden layers do.</source>
        <translation>이 신경망에는 은닉층이 없습니다. 이 화면은 은닉층이 하는 일을 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../../nnviz/gui/tabs/warp.py"/>
        <source>neurons {0} and {1} (pair {2} of {3})</source>
        <translation>뉴런 {0}과 {1} ({3}쌍 중 {2}번째)</translation>
    </message>
</context>
</TS>
